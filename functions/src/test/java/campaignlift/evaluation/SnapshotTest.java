package campaignlift.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Snapshots (docs/results.md): the compact v2 format reads back into the same inputs and result,
 * the v1 format written before it is still read and its digest checked, and tampering is refused.
 */
class SnapshotTest {
  /** Inputs of a real accumulation with folded values, so health carries segment value counts. */
  static EvaluationInput input() {
    Accumulator acc = new Accumulator(SegmentCapTest.ATTRIBUTES, 30, false, SegmentCapTest.T);
    SegmentCapTest.enrolments(500, 12, 7).forEach(acc::add);
    return new EvaluationInput(
        "camp",
        "Camp",
        "2026-06-01T00:00:00.000Z",
        new Settings(
            0.05,
            true,
            true,
            campaignlift.campaign.Correction.BH,
            false,
            14,
            30,
            5000,
            null,
            SegmentCapTest.ATTRIBUTES),
        List.of(
            new GroupCount("control", true, 0.4, 200, 170),
            new GroupCount("email", false, 0.3, 150, 165),
            new GroupCount("push", false, 0.3, 150, 165)),
        new Health(0.5, 0, 0, 0, 0, acc.segmentValues()),
        acc.statistics());
  }

  @Test
  void v2RoundTripsToTheSameResult() throws Exception {
    EvaluationInput in = input();
    ObjectNode result = Analysis.result(in);
    JsonNode doc = Json.MAPPER.readTree(Json.write(Snapshot.toJson(in, result)));
    assertEquals(Snapshot.FORMAT, doc.path("format").asText());
    EvaluationInput back = Snapshot.parse(doc);
    assertEquals(Json.write(result), Json.write(Analysis.result(back)));
    assertTrue(Json.write(result).contains("\"(other)\""), "the data folds values into (other)");
    assertEquals(in.health(), back.health());
  }

  @Test
  void v1SnapshotsAreStillReadAndChecked() throws Exception {
    EvaluationInput old = input();
    old =
        new EvaluationInput(
            old.campaignId(),
            old.name(),
            old.evaluatedAt(),
            old.settings(),
            old.groups(),
            new Health(0.5, 0, 0, 0, 0),
            old.statistics());
    ObjectNode canonical = Snapshot.canonical(old, Snapshot.FORMAT_V1);
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("format", Snapshot.FORMAT_V1).put("campaignId", "camp").put("name", "Camp");
    doc.put("evaluatedAt", old.evaluatedAt());
    doc.setAll(canonical);
    String sha =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(
                        Json.write(canonical).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    doc.putObject("digest").put("algorithm", "SHA-256").put("value", sha);
    EvaluationInput back = Snapshot.parse(Json.MAPPER.readTree(Json.write(doc)));
    assertEquals(Json.write(Analysis.result(old)), Json.write(Analysis.result(back)));

    ((ObjectNode) doc.withArray("statistics").get(3)).put("sum", 1234.5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Snapshot.parse(doc));
    assertTrue(e.getMessage().contains("digest"), e.getMessage());
  }

  @Test
  void tamperedV2IsRefused() throws Exception {
    EvaluationInput in = input();
    ObjectNode doc = Snapshot.toJson(in, Analysis.result(in));
    ArrayNode sums =
        (ArrayNode)
            doc.withArray("statistics")
                .get(new Random(3).nextInt(10))
                .path("metrics")
                .path("revenue");
    sums.set(1, sums.get(1).asDouble() + 0.01);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Snapshot.parse(doc));
    assertTrue(e.getMessage().contains("digest"), e.getMessage());
  }
}
