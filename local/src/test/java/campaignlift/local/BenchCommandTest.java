package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./lift bench} with tiny sizes: every section is present with positive figures and ratios
 * measured in the same run. Structure only — nothing here asserts a speed.
 */
class BenchCommandTest {
  @Test
  void writesEverySectionWithPositiveFigures(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bench.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Lift.run(
            List.of("bench", "--sizes", "2000", "--records", "600", "--out", file.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String table = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    for (String line :
        List.of(
            "ingestion",
            "evaluation",
            "equal to full read",
            "stream",
            "recompute",
            "cold start",
            "function jar")) {
      assertTrue(table.contains(line), "table lacks '" + line + "':\n" + table);
    }

    JsonNode doc = new ObjectMapper().readTree(Files.readString(file));
    JsonNode machine = doc.path("machine");
    assertTrue(machine.path("cores").asInt() > 0);
    assertTrue(machine.path("memoryGb").asDouble() > 0);
    assertEquals("3.1.0", machine.path("dynamodbLocal").asText());

    JsonNode ingestion = doc.path("ingestion");
    assertEquals(600, ingestion.path("records").asInt());
    for (String kind : List.of("exposures", "outcomes")) {
      JsonNode k = ingestion.path(kind);
      positive(k, "handlerPerSecond");
      positive(k, "rawPerSecond");
      positive(k, "ratio");
    }
    // Capacity as DynamoDB reported it: new records cost writes; redeliveries only reads.
    JsonNode units = ingestion.path("capacityUnitsPerRecord");
    for (String kind : List.of("exposure", "outcome")) {
      positive(units.path(kind), "handlerWrite");
      positive(units.path(kind), "rawWrite");
    }
    for (String kind : List.of("duplicateExposure", "duplicateOutcome")) {
      assertEquals(0.0, units.path(kind).path("handlerWrite").asDouble(-1), kind + ": " + units);
      positive(units.path(kind), "handlerRead");
    }
    assertTrue(
        ingestion.path("sameItemShapes").asBoolean(),
        "raw baseline items differ from the handlers': " + ingestion.path("shapeDifferences"));

    JsonNode sizes = doc.path("evaluation").path("sizes");
    assertEquals(1, sizes.size());
    JsonNode size = sizes.get(0);
    assertEquals(2000, size.path("enrolments").asInt());
    positive(size, "seedSeconds");
    positive(size, "ratio");
    positive(size, "endToEndSeconds");
    positive(size, "fullReadSeconds");
    // The evaluation read the stream-fed aggregates, and they gave the full read's result.
    assertEquals("stream", size.path("endToEndSource").asText(), size.toString());
    assertTrue(size.path("equalToFullRead").asBoolean(), size.path("difference").asText());
    // Every seeded enrolment reached the stream function and the raw reader once.
    assertEquals(2000, size.path("streamFold").path("records").asLong(), size.toString());
    assertEquals(2000, size.path("rawStream").path("records").asLong(), size.toString());
    positive(size.path("streamFold"), "perSecond");
    positive(size.path("rawStream"), "perSecond");
    positive(size, "streamRatio");
    for (String side : List.of("evaluator", "raw")) {
      positive(size.path(side), "perSecond");
      positive(size.path(side), "peakHeapMb");
      assertTrue(size.path(side).path("peakLiveHeapMb").asDouble(-1) >= 0, side);
    }

    JsonNode cold = doc.path("coldStart");
    JsonNode functions = cold.path("functions");
    // One fresh JVM per function of template.yaml that has a sample event to invoke it with.
    Path root = Lift.root();
    long withEvents =
        Template.read(root.resolve("template.yaml")).functions().keySet().stream()
            .filter(id -> Files.isDirectory(root.resolve("events").resolve(id)))
            .count();
    assertTrue(withEvents >= 8, "sample events missing under events/");
    assertEquals(withEvents, functions.size(), functions.toString());
    for (JsonNode f : functions) {
      positive(f, "launchToResponseMs");
      positive(f, "jvmStartToResponseMs");
      int status = f.path("status").asInt();
      assertTrue(status == 0 || status / 100 == 2, f.toString());
    }
    assertTrue(
        cold.path("functionJarBytes").asLong() > 0
            || cold.path("functionJar").asText().equals("missing"),
        cold.toString());
  }

  @Test
  void refusesUnknownOptionsBeforeStartingAnything() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Lift.run(
            List.of("bench", "--fast"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --fast"));
  }

  private static void positive(JsonNode node, String field) {
    assertTrue(node.path(field).asDouble() > 0, field + " not positive in " + node);
  }
}
