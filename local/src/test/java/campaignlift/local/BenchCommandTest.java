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
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./lift bench} with tiny sizes: every section is present with positive figures and ratios
 * measured in the same run. Structure only — nothing here asserts a speed.
 */
class BenchCommandTest {
  private static final List<String> COLD_START_SUBSET =
      List.of(
          "CampaignsFunction", "ExposuresFunction", "EnrolmentStreamFunction", "ImportFunction");

  @Test
  void writesEverySectionWithPositiveFigures(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bench.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Lift.run(
            List.of(
                "bench",
                "--sizes",
                "2000",
                "--records",
                "600",
                "--cold-start-runs",
                "1",
                // Four of the functions keep CI short: the first two in replay order (the second's
                // sample needs the first's campaign), one that does not answer HTTP and one that
                // calls S3 as well (its floor is the floor of both services).
                "--cold-start-functions",
                String.join(",", COLD_START_SUBSET),
                "--out",
                file.toString()),
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
            "cold floor",
            "cold start",
            "targets",
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
    // Fresh JVMs for exactly the functions asked for, each with a sample event to invoke it with.
    List<String> measured = new java.util.ArrayList<>();
    functions.forEach(f -> measured.add(f.path("function").asText()));
    assertEquals(COLD_START_SUBSET, measured, functions.toString());
    // The floor and every probe ran on what Lambda runs: the deployable jar, the runtime client's
    // jar and the probe's classes — not the twin's class path with DynamoDB Local, ElasticMQ,
    // Jetty.
    assertEquals(1, cold.path("runs").asInt());
    positive(cold, "floorMs");
    positive(cold, "floorClassesLoaded");
    String classPath = cold.path("classPath").toString();
    assertTrue(classPath.contains("-lambda.jar"), classPath);
    assertTrue(classPath.contains("aws-lambda-java-runtime-interface-client"), classPath);
    for (String twinOnly : List.of("DynamoDBLocal", "elasticmq", "jetty", "campaign-lift-local")) {
      assertTrue(
          !classPath.toLowerCase(Locale.ROOT).contains(twinOnly.toLowerCase(Locale.ROOT)),
          classPath);
    }
    assertTrue(
        cold.path("jvmFlags").toString().contains("-XX:TieredStopAtLevel=1"), cold.toString());
    // Where the functions code has its priming resource, every probe must have run it once.
    boolean priming = hasClass("campaignlift.handler.Priming");
    int primedMet = 0;
    for (JsonNode f : functions) {
      positive(f, "launchToResponseMs");
      positive(f, "jvmStartToResponseMs");
      positive(f, "classesLoaded");
      positive(f, "launchToFloor");
      positive(f, "warmInvokeMs");
      assertEquals(1, f.path("launchRunsMs").size(), f.toString());
      for (String field : List.of("status", "primedStatus")) {
        int status = f.path(field).asInt();
        assertTrue(status == 0 || status / 100 == 2, field + " in " + f);
      }
      if (priming) {
        assertTrue(f.path("primed").asBoolean(), f.toString());
        positive(f, "primedFirstInvokeMs");
        positive(f, "primedToWarm");
        // Every function's invocation reaches AWS; the first and the warm ones are both counted.
        positive(f, "callsByPrimedFirstInvoke");
        positive(f, "callsPerWarmInvoke");
        primedMet += f.path("primedWithinTarget").asBoolean() ? 1 : 0;
      } else {
        assertTrue(f.path("primedReason").asText().contains("Priming"), f.toString());
      }
    }
    // What each function called, seen by the SDK: the campaign functions DynamoDB only, the
    // import S3 too; so the import is compared with a floor that also builds an S3 client and
    // makes one call, measured in the same rounds.
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    functions.forEach(f -> byName.put(f.path("function").asText(), f));
    assertEquals(
        List.of("DynamoDb"),
        strings(byName.get("ExposuresFunction").path("services")),
        functions.toString());
    assertTrue(
        strings(byName.get("ExposuresFunction").path("calls"))
            .contains("DynamoDb.TransactWriteItems"),
        byName.get("ExposuresFunction").toString());
    JsonNode importer = byName.get("ImportFunction");
    assertEquals(
        List.of("DynamoDb", "S3"), strings(importer.path("services")), importer.toString());
    assertTrue(strings(importer.path("calls")).contains("S3.GetObject"), importer.toString());
    JsonNode serviceFloors = cold.path("serviceFloors");
    assertEquals(1, serviceFloors.size(), serviceFloors.toString());
    JsonNode s3Floor = serviceFloors.get(0);
    assertEquals(List.of("DynamoDb", "S3"), strings(s3Floor.path("services")));
    positive(s3Floor, "ms");
    // The S3 client is more classes than the GetItem alone loads.
    assertTrue(
        s3Floor.path("classesLoaded").asLong() > cold.path("floorClassesLoaded").asLong(),
        cold.toString());
    assertEquals(s3Floor.path("ms").asDouble(), importer.path("servicesFloorMs").asDouble());
    assertEquals(
        cold.path("floorMs").asDouble(),
        byName.get("ExposuresFunction").path("servicesFloorMs").asDouble());
    for (JsonNode f : functions) {
      positive(f, "launchToServicesFloor");
    }
    JsonNode targets = cold.path("targets");
    assertEquals(functions.size(), targets.path("functions").asInt(), targets.toString());
    assertEquals(primedMet, targets.path("primedMetBy").asInt(), targets.toString());
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

  private static boolean hasClass(String name) {
    try {
      Class.forName(name, false, BenchCommandTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void positive(JsonNode node, String field) {
    assertTrue(node.path(field).asDouble() > 0, field + " not positive in " + node);
  }
}
