package campaignlift.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Correction;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.Summary;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.report.Report;
import campaignlift.stats.MetricType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The largest results the campaign rules allow, computed offline: up to 10 groups and 5 segment
 * attributes, each attribute with more distinct values than the campaign's K ({@link
 * Accumulator#valuesPerAttribute}) plus missing ones, every metric, and sums with full-precision
 * doubles. K grows as groups and attributes shrink, so several shapes are measured. The result, the
 * snapshot, the report and a 100-item history page must each stay far below Lambda's 6 MB response
 * limit (docs/results.md records the sizes this test prints).
 */
class WorstCaseSizeTest {
  /**
   * Campaign shapes {groups, segment attributes}: the rules' maxima, and smaller ones (larger K).
   */
  static final int[][] SHAPES = {{10, 5}, {2, 5}, {2, 1}, {10, 1}, {4, 3}};

  /** Lambda's synchronous response limit (6 MB) is what every response must stay below. */
  static final int LAMBDA_LIMIT = 6 * 1024 * 1024;

  /** With ordinary names and values, each document stays under half of it. */
  static final int TYPICAL_BUDGET = 3 * 1024 * 1024;

  /** With every name at its maximum length and every value character escaped, under 5 MB. */
  static final int ADVERSARIAL_BUDGET = 5 * 1024 * 1024;

  record Sizes(int rows, int result, int snapshot, int report, int history) {}

  @Test
  void typicalNamesStayUnderThreeMegabytes() {
    for (int[] shape : SHAPES) {
      Sizes s =
          sizes(
              shape[0],
              shape[1],
              "spring-promo",
              "Spring promo",
              i -> "treatment-" + i,
              i -> "attr" + i,
              v -> "value-" + v);
      print("typical, " + shape[0] + " groups, " + shape[1] + " attributes", s);
      assertUnder(TYPICAL_BUDGET, s);
    }
  }

  @Test
  void maximalNamesAndEscapedValuesStayUnderFiveMegabytes() {
    // 128-character identifiers; values of the longest length that keeps a segment, made of
    // characters JSON writes as \\u0001 (6 bytes) or HTML as &quot; (6 bytes).
    for (char worst : new char[] {'\u0001', '"'}) {
      for (int[] shape : new int[][] {{10, 5}, {2, 5}}) {
        Sizes s =
            sizes(
                shape[0],
                shape[1],
                "c".repeat(128),
                "\"".repeat(200),
                i -> i + "g".repeat(127),
                i -> i + "a".repeat(127),
                v ->
                    (char) ('a' + v)
                        + String.valueOf(worst).repeat(Accumulator.MAX_VALUE_LENGTH - 1));
        print(
            "maximal " + (int) worst + ", " + shape[0] + " groups, " + shape[1] + " attributes", s);
        assertUnder(ADVERSARIAL_BUDGET, s);
      }
    }
  }

  private static void assertUnder(int budget, Sizes s) {
    assertTrue(budget < LAMBDA_LIMIT);
    assertTrue(s.result() < budget, "result " + s.result());
    assertTrue(s.snapshot() < budget, "snapshot " + s.snapshot());
    assertTrue(s.report() < budget, "report " + s.report());
    assertTrue(s.history() < budget, "history page " + s.history());
  }

  private static void print(String label, Sizes s) {
    System.out.printf(
        "worst case (%s): %,d rows; result %,d B, snapshot %,d B, report %,d B, history page %,d B%n",
        label, s.rows(), s.result(), s.snapshot(), s.report(), s.history());
  }

  interface Name {
    String of(int i);
  }

  /**
   * Builds the worst case: the segments come from an {@link Accumulator} fed far more values than
   * it keeps (so the cap under test decides how many there are), the sums are synthetic.
   */
  private static Sizes sizes(
      int groupCount,
      int attributeCount,
      String campaignId,
      String name,
      Name group,
      Name attribute,
      Name value) {
    int k = Accumulator.valuesPerAttribute(groupCount - 1, attributeCount);
    List<String> attrs = new ArrayList<>();
    for (int a = 0; a < attributeCount; a++) {
      attrs.add(attribute.of(a));
    }
    List<String> groups = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      groups.add(group.of(g));
    }
    Instant t = Instant.parse("2026-06-01T00:00:00Z");
    Accumulator acc = new Accumulator(attrs, 30, false, t, k);
    int id = 0;
    for (String g : groups) {
      for (int v = 0; v < 3 * k; v++) {
        for (boolean missing : new boolean[] {false, true}) {
          Map<String, String> values = new HashMap<>();
          if (!missing) {
            for (String a : attrs) {
              values.put(a, value.of(v));
            }
          }
          acc.add(
              new Enrolment(
                  campaignId,
                  "u" + id++,
                  0,
                  g,
                  t.minusSeconds(86_400L * 20),
                  14,
                  values,
                  Set.of(g),
                  1,
                  id % 2 == 0 ? null : t.minusSeconds(86_400L * 400),
                  Counters.ZERO));
        }
      }
    }
    Random rnd = new Random(42);
    List<Statistic> stats = new ArrayList<>();
    for (Statistic s : acc.statistics()) {
      long n = 1_000_000 + rnd.nextInt(9_000_000);
      if (s.sums() == null) {
        // Ratio and survival metrics: their own shapes, with every day of the window in use.
        stats.add(
            SyntheticStatistics.of(
                s.group(), s.segment(), s.metric(), n, 1 + rnd.nextDouble() * 9));
        continue;
      }
      boolean proportion = s.metric().type() == MetricType.PROPORTION;
      double mean = rnd.nextDouble() * (proportion ? 1 : 80);
      double sum = mean * n;
      double squares = proportion ? sum : sum * mean * (1.5 + rnd.nextDouble());
      stats.add(
          new Statistic(
              s.group(),
              s.segment(),
              s.metric(),
              new CellSums(n, sum, squares, sum * 0.93, squares * 0.91, squares * 0.47)));
    }
    List<GroupCount> counts = new ArrayList<>();
    for (int g = 0; g < groupCount; g++) {
      counts.add(new GroupCount(groups.get(g), g == 0, 0.1, 12_345_678, 12_345_001));
    }
    EvaluationSettings settings =
        new EvaluationSettings(
            0.05, true, true, Correction.BH, false, 14, 30, 5000, 12_345.67, attrs);
    EvaluationInput in =
        new EvaluationInput(
            campaignId,
            name,
            "2026-06-01T00:00:00.000Z",
            settings,
            counts,
            new Health(0.4123456789, 123_456, 234_567, 345_678, 456_789, acc.segmentValues()),
            stats);
    // What EvaluationService adds before returning and storing the result.
    Result result =
        ResultAnalysis.result(in)
            .stored(
                new Result.SnapshotRef(
                    Snapshot.key(campaignId, in.evaluatedAt()), Snapshot.digest(in)),
                new Result.ReportRef(
                    Report.key(campaignId, in.evaluatedAt()), Report.latestKey(campaignId)));
    int segments = 3 + attributeCount * (k + 2);
    assertEquals(Metric.values().length * (groupCount - 1) * segments, result.results().size());
    Summary summary = Summary.of(result);
    List<Headline> history = new ArrayList<>();
    ObjectNode page = ResultJson.MAPPER.createObjectNode();
    for (int i = 0; i < EvaluationService.MAX_PAGE_SIZE; i++) {
      history.add(Headline.of(summary));
      ObjectNode item = (ObjectNode) ResultJson.tree(summary);
      item.put("snapshotKey", Snapshot.key(campaignId, in.evaluatedAt()));
      item.put("reportKey", Report.key(campaignId, in.evaluatedAt()));
      page.withArray("items").add(item);
    }
    page.put("nextToken", "x".repeat(200));
    return new Sizes(
        result.results().size(),
        bytes(ResultJson.write(result)),
        bytes(Snapshot.write(in, result)),
        bytes(Report.render(result, history)),
        bytes(ResultJson.write(page)));
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
