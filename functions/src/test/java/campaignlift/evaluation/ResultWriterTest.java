package campaignlift.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Correction;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.Freshness;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Reconciliation;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.ResultWriter;
import campaignlift.evaluation.result.Segment;
import campaignlift.evaluation.result.Summary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ResultWriter} writes, byte for byte, the text the result mapper writes when it binds the
 * same records — on results with every kind of row and every optional part, undefined figures, and
 * a result stored by an earlier version — so stored documents, snapshots' digests and the API's
 * answers are the same whichever wrote them.
 */
class ResultWriterTest {

  @Test
  void resultsAndSummariesAreWrittenAsTheMapperWritesTheirRecords() throws Exception {
    List<Result> results = new ArrayList<>();
    Result plain = ResultAnalysis.result(SnapshotTest.input());
    results.add(plain);
    results.add(
        plain.stored(new Result.SnapshotRef("s/k.json", "ab12"), new Result.ReportRef("r", "l")));
    results.add(everything());
    results.add(ResultJson.read(SnapshotTest.stored("stored-result.json"), Result.class));
    StringBuilder all = new StringBuilder();
    for (Result r : results) {
      String bound = ResultJson.MAPPER.writeValueAsString(r);
      assertEquals(bound, ResultJson.write(r), r.name());
      assertEquals(ResultJson.MAPPER.valueToTree(r).toString(), ResultJson.tree(r).toString());
      Summary s = Summary.of(r);
      assertEquals(ResultJson.MAPPER.writeValueAsString(s), ResultJson.write(s), r.name());
      all.append(bound);
    }
    // What the documents hold, so the comparison covered every part the writer has.
    for (String part :
        List.of(
            "\"survival\":{",
            "\"curve\":[",
            "\"costPerIncremental\":{",
            "\"incrementalReturnOnSpend\":{",
            "\"comparable\":",
            "\"reason\":",
            "\"freshness\":{",
            "\"lagMs\":",
            "\"reconciliation\":{",
            "\"surveyResponse\":[",
            "\"segmentValues\":{",
            "\"retentionDays\":90",
            "\"loyaltyPurchases\":3",
            "\"cost\":null",
            "\"cost\":500.0",
            "\"relative\":null",
            "\"snapshot\":{",
            ":null,")) {
      assertTrue(all.toString().contains(part), part);
    }
  }

  @Test
  void snapshotsAndTheirDigestedTextAreWrittenAsTheMapperWritesTheirRecords() throws Exception {
    for (EvaluationInput in : List.of(SnapshotTest.input(), everythingInput())) {
      // v1 had the sums of mean and proportion metrics only.
      EvaluationInput meansOnly =
          new EvaluationInput(
              in.campaignId(),
              in.name(),
              in.evaluatedAt(),
              in.settings(),
              in.groups(),
              in.health(),
              in.statistics().stream().filter(st -> st.sums() != null).toList());
      for (String format : List.of(Snapshot.FORMAT_V1, Snapshot.FORMAT_V2, Snapshot.FORMAT)) {
        Snapshot.Canonical c =
            Snapshot.canonical(format.equals(Snapshot.FORMAT_V1) ? meansOnly : in, format);
        assertEquals(ResultJson.MAPPER.writeValueAsString(c), Snapshot.canonicalText(c), format);
      }
      Result result = ResultAnalysis.result(in);
      Snapshot.Canonical c = Snapshot.canonical(in, Snapshot.FORMAT);
      String bound =
          ResultJson.MAPPER.writeValueAsString(
              new Snapshot.Document(
                  Snapshot.FORMAT,
                  in.campaignId(),
                  in.name(),
                  in.evaluatedAt(),
                  c.settings(),
                  c.groups(),
                  c.health(),
                  c.columns(),
                  c.statistics(),
                  new Snapshot.Digest("SHA-256", Snapshot.digest(in)),
                  result));
      assertEquals(bound, Snapshot.write(in, result));
      assertTrue(bound.contains("\"columns\":{\"mean\":["), bound.substring(0, 400));
    }
  }

  /**
   * A campaign with a cost, the loyalty settings, every metric (ratio, survey and survival rows
   * among them), a segment with no users (rows with a reason and undefined figures) and health with
   * freshness, a reconciliation and survey response checks.
   */
  private static Result everything() {
    return ResultAnalysis.result(everythingInput());
  }

  private static EvaluationInput everythingInput() {
    EvaluationSettings settings =
        new EvaluationSettings(
            0.05, true, true, Correction.HOLM, true, 14, 30, 5000, 500.0, List.of("ch"), 90, 3);
    Segment email = new Segment("ch", "email");
    List<Statistic> stats = new ArrayList<>();
    for (String g : List.of("control", "vip")) {
      double p = g.equals("vip") ? 0.36 : 0.3;
      for (Segment seg : List.of(Segment.ALL, email)) {
        long n = seg.equals(email) && g.equals("vip") ? 0 : 1000;
        for (Metric m : Metric.values()) {
          stats.add(
              switch (m.kind()) {
                case MEAN, PROPORTION ->
                    new Statistic(g, seg, m, new CellSums(n, n * p, n * p * 1.5, 280, 300, 200));
                case RATIO, SURVIVAL -> SyntheticStatistics.of(g, seg, m, n, 10 * p);
              });
        }
      }
    }
    Health health =
        new Health(
                new Health.SrmCheck(0.2, false, 0.001),
                1,
                2,
                3,
                4,
                5,
                null,
                new Freshness(
                    Freshness.STREAM, "2026-03-20T08:59:00Z", "2026-03-20T09:00:00Z", 60L),
                new Reconciliation("2026-03-19T00:00:00Z", 1, List.of("cell a")))
            .withSurveyResponse(
                List.of(new Health.SurveyResponse("nps", "vip", 0.25, 0.4, 0.0001, false, 0.01)));
    return new EvaluationInput(
        "camp",
        "Everything",
        "2026-03-20T09:00:00.000Z",
        settings,
        List.of(
            new GroupCount("control", true, 0.5, 1000, 1000),
            new GroupCount("vip", false, 0.5, 1000, 1000)),
        health,
        stats);
  }
}
