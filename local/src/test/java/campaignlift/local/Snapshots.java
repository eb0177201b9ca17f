package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluation's snapshot in S3 and {@code ./lift stats} run on it, as a user checks a result
 * (docs/results.md).
 */
final class Snapshots {
  private Snapshots() {}

  /** What {@code ./lift stats} answered: exit code, standard output and standard error. */
  record Run(int code, String out, String err) {}

  /** The snapshot object a result names, read from the bucket. */
  static byte[] read(TestBackends backends, JsonNode result) {
    String key = result.path("snapshot").path("key").asText();
    var backend = backends.backend();
    return backend
        .s3()
        .getObjectAsBytes(r -> r.bucket(backend.tables().bucket()).key(key))
        .asByteArray();
  }

  /** {@code ./lift stats} on a snapshot written to a temporary file. */
  static Run stats(byte[] snapshot) throws Exception {
    Path file = Files.createTempFile("snapshot", ".json");
    try {
      Files.write(file, snapshot);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          StatsCommand.run(
              List.of(file.toString()),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      Files.delete(file);
    }
  }

  /**
   * {@code ./lift stats} verifies the snapshot's digest and recomputes every row of the result
   * exactly: estimate and interval of the absolute, relative and sequential comparisons (those a
   * row has: NPS has no relative one, time to repeat purchase only the absolute one).
   */
  static void assertRecomputesEveryRow(byte[] snapshot, JsonNode result) throws Exception {
    Run run = stats(snapshot);
    assertEquals(0, run.code(), run.err());
    Map<String, JsonNode> comparisons = new HashMap<>();
    for (JsonNode c : Http.JSON.readTree(run.out()).path("comparisons")) {
      comparisons.put(c.path("id").asText(), c);
    }
    int expected = 0;
    for (JsonNode r : result.path("results")) {
      String rid =
          r.path("metric").asText()
              + "|"
              + r.path("segment").path("attribute").asText()
              + "="
              + r.path("segment").path("value").asText()
              + "|"
              + r.path("group").asText();
      for (String scale : List.of("absolute", "relative", "sequential")) {
        if (r.path(scale).isNull() || r.path(scale).isMissingNode()) {
          continue;
        }
        expected++;
        JsonNode c = comparisons.get(rid + "|" + scale);
        assertNotNull(c, rid + "|" + scale);
        for (String f : List.of("estimate", "ciLower", "ciUpper", "pValue")) {
          assertEquals(
              r.path(scale).path(f).asDouble(),
              c.path(f).asDouble(),
              0.0,
              rid + " " + scale + " " + f);
        }
      }
    }
    assertEquals(expected, comparisons.size());
  }
}
