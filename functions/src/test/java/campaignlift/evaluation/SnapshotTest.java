package campaignlift.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Snapshots (docs/results.md): the compact v2 format reads back into the same inputs and result,
 * the v1 format written before it is still read and its digest checked, and tampering is refused.
 */
class SnapshotTest {
  /** A plain reader, as a tool reading a snapshot from S3 would have. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Inputs of a real accumulation with folded values, so health carries segment value counts. */
  static EvaluationInput input() {
    Accumulator acc = new Accumulator(SegmentCapTest.ATTRIBUTES, 30, false, SegmentCapTest.T);
    SegmentCapTest.enrolments(500, 12, 7).forEach(acc::add);
    return new EvaluationInput(
        "camp",
        "Camp",
        "2026-06-01T00:00:00.000Z",
        new EvaluationSettings(
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

  /** A document stored by an earlier version, from src/test/resources. */
  static String stored(String name) throws IOException {
    try (InputStream in = SnapshotTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The result rows without {@code mde}, which results stored before it lack. */
  /** The rows without the figures added since the stored documents were written. */
  static String rowsWithoutMde(Result r) {
    return ResultJson.write(r.results())
        .replaceAll(",\"mde\":\\{[^}]*}", "")
        .replaceAll(",\"direction\":\"[a-z]+\"", "");
  }

  @Test
  void v3RoundTripsToTheSameResult() throws Exception {
    EvaluationInput in = input();
    Result result = ResultAnalysis.result(in);
    JsonNode doc = MAPPER.readTree(Snapshot.write(in, result));
    assertEquals(Snapshot.FORMAT, doc.path("format").asText());
    assertEquals(Snapshot.digest(in), doc.path("digest").path("value").asText());
    EvaluationInput back = Snapshot.parse(doc);
    assertEquals(result, ResultAnalysis.result(back));
    assertEquals(result, Snapshot.result(MAPPER.writeValueAsString(doc)));
    assertTrue(ResultJson.write(result).contains("\"(other)\""), "the data folds into (other)");
    assertEquals(in.health(), back.health());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"stored-snapshot-v1.json", "stored-snapshot-v2.json"})
  void snapshotsStoredBeforeMdeAreReadCheckedAndRecomputed(String file) throws Exception {
    JsonNode doc = MAPPER.readTree(stored(file));
    EvaluationInput back = Snapshot.parse(doc);
    // The result stored with the same evaluation (a v1 snapshot held its inputs only).
    Result storedResult = ResultJson.read(stored("stored-result.json"), Result.class);
    assertEquals(rowsWithoutMde(storedResult), rowsWithoutMde(ResultAnalysis.result(back)));
    assertEquals(storedResult.health(), back.health());
    assertEquals(storedResult.settings(), back.settings());
    assertTrue(storedResult.results().stream().allMatch(r -> r.mde() == null), "stored before mde");
  }

  @Test
  void theResultInAStoredSnapshotIsTheStoredResult() throws Exception {
    assertEquals(
        ResultJson.read(stored("stored-result.json"), Result.class),
        Snapshot.result(stored("stored-snapshot-v2.json")));
  }

  @Test
  void aTamperedV1SnapshotFailsItsDigest() throws Exception {
    ObjectNode doc = (ObjectNode) MAPPER.readTree(stored("stored-snapshot-v1.json"));
    ((ObjectNode) doc.withArray("statistics").get(3)).put("sum", 1234.5);
    assertFailsItsDigest(doc);
  }

  @Test
  void aTamperedSnapshotFailsItsDigest() throws Exception {
    EvaluationInput in = input();
    ObjectNode doc = (ObjectNode) MAPPER.readTree(Snapshot.write(in, ResultAnalysis.result(in)));
    ArrayNode sums =
        (ArrayNode)
            doc.withArray("statistics")
                .get(new Random(3).nextInt(10))
                .path("metrics")
                .path("revenue");
    sums.set(1, sums.get(1).asDouble() + 0.01);
    assertFailsItsDigest(doc);
  }

  @Test
  void changedSettingsFailTheDigestToo() throws Exception {
    ObjectNode doc = (ObjectNode) MAPPER.readTree(stored("stored-snapshot-v2.json"));
    ((ObjectNode) doc.path("settings")).put("alpha", 0.1);
    assertFailsItsDigest(doc);
  }

  @Test
  void anUnknownCorrectionIsRefused() throws Exception {
    ObjectNode doc = (ObjectNode) MAPPER.readTree(stored("stored-snapshot-v2.json"));
    ((ObjectNode) doc.path("settings")).put("correction", "bonferroni");
    assertThrows(IllegalArgumentException.class, () -> Snapshot.parse(doc));
  }

  private static void assertFailsItsDigest(JsonNode doc) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Snapshot.parse(doc));
    assertTrue(e.getMessage().contains("digest"), e.getMessage());
  }
}
