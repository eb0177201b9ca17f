package campaignlift.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Correction;
import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.Segment;
import campaignlift.evaluation.result.Summary;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The result document as records (docs/results.md): what is built reads back equal, what earlier
 * versions stored still reads and writes back to the same text, undefined figures are null in JSON.
 */
class ResultDocumentTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  @Test
  void aResultReadsBackEqualToTheRecordsItWasWrittenFrom() {
    Result result =
        ResultAnalysis.result(SnapshotTest.input())
            .stored(new Result.SnapshotRef("s", "sha"), new Result.ReportRef("r", "l"));
    assertEquals(result, ResultJson.read(ResultJson.write(result), Result.class));
    Summary summary = Summary.of(result);
    assertEquals(summary, ResultJson.read(ResultJson.write(summary), Summary.class));
  }

  @Test
  void storedDocumentsWriteBackToTheSameText() throws Exception {
    for (String file : new String[] {"stored-result.json", "stored-summary.json"}) {
      String stored = SnapshotTest.stored(file);
      Class<?> type = file.contains("summary") ? Summary.class : Result.class;
      assertEquals(stored, ResultJson.write(ResultJson.read(stored, type)), file);
    }
  }

  @Test
  void undefinedFiguresAreNullInJsonAndNaNInRecords() {
    MetricRow.Interval undefined =
        new MetricRow.Interval(Double.NaN, 1.5, Double.NEGATIVE_INFINITY);
    assertEquals(
        "{\"estimate\":null,\"ciLower\":1.5,\"ciUpper\":null}", ResultJson.write(undefined));
    MetricRow.Interval back =
        ResultJson.read("{\"estimate\":null,\"ciLower\":1.5}", MetricRow.Interval.class);
    assertTrue(Double.isNaN(back.estimate()), "null reads as undefined");
    assertTrue(Double.isNaN(back.ciUpper()), "a missing figure reads as undefined");
    assertEquals(1.5, back.ciLower());
  }

  @Test
  void unknownFieldsAreIgnoredAndOptionalOnesStayAbsent() throws Exception {
    ObjectNode doc = (ObjectNode) PLAIN.readTree(SnapshotTest.stored("stored-result.json"));
    doc.put("addedLater", 1);
    ((ObjectNode) doc.path("health")).remove("segmentValues");
    ((ObjectNode) doc.path("results").get(0)).put("addedLater", "x");
    Result r = ResultJson.read(doc, Result.class);
    assertNull(r.health().segmentValues());
    String again = ResultJson.write(r);
    assertFalse(again.contains("addedLater") || again.contains("segmentValues"), again);
    assertFalse(again.contains("\"mde\""), "a result stored before mde does not gain one");
  }

  @Test
  void aSummaryCutShortReadsWithNoHeadline() {
    Summary s = ResultJson.read("{\"evaluatedAt\": \"2026-03-20T09:00:00.000Z\"}", Summary.class);
    assertEquals("2026-03-20T09:00:00.000Z", s.evaluatedAt());
    assertTrue(s.headline().isEmpty() && s.groups().isEmpty());
  }

  @Test
  void aStoredSummarysHeadlineReadsAsTheSummaryBoundToRecords() throws Exception {
    Result result = ResultAnalysis.result(SnapshotTest.input());
    String written = ResultJson.write(Summary.of(result));
    Headline read = Headline.read(PLAIN.readTree(written));
    assertEquals(Headline.of(ResultJson.read(written, Summary.class)), read);
    assertEquals(Headline.of(result), read);
    assertFalse(read.rows().isEmpty());
    String stored = SnapshotTest.stored("stored-summary.json");
    assertEquals(
        Headline.of(ResultJson.read(stored, Summary.class)), Headline.read(PLAIN.readTree(stored)));
  }

  @Test
  void anOddStoredHeadlineRowIsLeftOutAndAnOddFigureIsUndefined() throws Exception {
    ObjectNode doc = (ObjectNode) PLAIN.readTree(SnapshotTest.stored("stored-summary.json"));
    var rows = doc.withArray("headline");
    int before = rows.size();
    ((ObjectNode) rows.get(0)).put("metric", "addedLater");
    ((ObjectNode) rows.get(1)).remove("group");
    ((ObjectNode) rows.get(2)).put("estimate", "12%");
    ((ObjectNode) rows.get(2)).remove("significant");
    ((ObjectNode) rows.get(2)).putNull("ciLower");
    assertThrows(IllegalArgumentException.class, () -> ResultJson.read(doc, Summary.class));
    Headline h = Headline.read(doc);
    assertEquals(before - 2, h.rows().size());
    Summary.HeadlineRow odd = h.rows().get(0);
    assertEquals(rows.get(2).path("metric").asText(), odd.metric().id());
    assertTrue(Double.isNaN(odd.estimate()) && Double.isNaN(odd.ciLower()));
    assertEquals(rows.get(2).path("ciUpper").asDouble(), odd.ciUpper());
    assertFalse(odd.significant());
    assertTrue(Headline.read(PLAIN.readTree("{\"evaluatedAt\": \"x\"}")).rows().isEmpty());
  }

  @Test
  void theCorrectionIsWrittenByItsWireNameAndAnUnknownOneRefused() throws Exception {
    Result r = ResultJson.read(SnapshotTest.stored("stored-result.json"), Result.class);
    assertEquals(Correction.HOLM, r.settings().correction());
    assertTrue(ResultJson.write(r.settings()).contains("\"correction\":\"holm\""));
    ObjectNode doc = (ObjectNode) PLAIN.readTree(SnapshotTest.stored("stored-result.json"));
    ((ObjectNode) doc.path("settings")).put("correction", "bonferroni");
    assertThrows(IllegalArgumentException.class, () -> ResultJson.read(doc, Result.class));
  }

  @Test
  void everyRowCarriesTheEnginesMinimumDetectableEffect() {
    EvaluationInput in = SnapshotTest.input();
    Result result = ResultAnalysis.result(in);
    // z(0.975) + z(0.8) at the campaign's alpha = 0.05.
    double z = 1.959963984540054 + 0.8416212335729143;
    int checked = 0;
    for (MetricRow r : result.results()) {
      if (r.metric().kind() == Metric.Kind.SURVIVAL) {
        assertNull(r.mde(), "time to repeat purchase has no MDE (docs/results.md)");
        continue;
      }
      assertEquals(0.8, r.mde().power());
      if (r.reason() != null) {
        assertTrue(Double.isNaN(r.mde().absolute()), "undefined for a degenerate row");
        continue;
      }
      assertEquals(z * r.absolute().se(), r.mde().absolute(), 1e-12 * (1 + r.mde().absolute()));
      assertEquals(
          r.mde().absolute() / Math.abs(r.control().mean()),
          r.mde().relative(),
          1e-12 * (1 + Math.abs(r.mde().relative())));
      checked++;
    }
    assertTrue(checked > 100, "rows checked: " + checked);
    assertTrue(ResultJson.write(result).contains("\"mde\":{\"absolute\":"));
  }

  @Test
  void theSummaryKeepsTheHeadlineRowsOfSegmentAll() {
    Result result = ResultAnalysis.result(SnapshotTest.input());
    Summary s = Summary.of(result);
    long expected =
        result.results().stream()
            .filter(r -> Metric.HEADLINE.contains(r.metric()) && r.segment().equals(Segment.ALL))
            .count();
    assertEquals(Metric.HEADLINE.size() * (result.groups().size() - 1), expected);
    assertEquals(expected, s.headline().size());
    for (Summary.HeadlineRow h : s.headline()) {
      MetricRow row =
          result.results().stream()
              .filter(
                  r ->
                      r.metric() == h.metric()
                          && r.group().equals(h.group())
                          && r.segment().equals(Segment.ALL))
              .findFirst()
              .orElseThrow();
      // The campaign is sequential: the headline interval is the always-valid one.
      assertEquals(row.sequential().ciLower(), h.ciLower());
      assertEquals(row.sequential().ciUpper(), h.ciUpper());
      assertEquals(row.relative().estimate(), h.estimate());
      assertEquals(row.pValueAdjusted(), h.pValueAdjusted());
    }
  }
}
