package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 bulk import (docs/write-path.md) end to end: objects put into S3Proxy, the ImportFunction
 * invoked with an S3 event as Lambda would, and the results read back from DynamoDB Local and S3.
 */
class ImportTest extends TwinTest {
  private static final String BUCKET = LocalBackends.LOCAL_BUCKET;
  private static final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void jsonLinesExposuresGiveTheSameEnrolmentsAsTheApiAndLoadOnce() throws Exception {
    String imported = campaign("imp-x");
    String viaApi = campaign("api-x");
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ObjectNode x = Http.JSON.createObjectNode();
      x.put("userId", user("x" + (i % 4)));
      x.put("at", "2026-03-0" + (2 + (5 - i) % 3) + "T10:0" + i + ":00Z");
      x.put("group", i % 2 == 0 ? "control" : "coupon");
      x.putObject("attributes").put("channel", i % 2 == 0 ? "email" : "push");
      if (i == 1) {
        x.put("userCreatedAt", "2026-02-20T00:00:00+01:00");
      }
      records.add(x);
    }
    StringBuilder file = new StringBuilder();
    records.forEach(r -> file.append(r).append("\r\n"));
    file.append("\n   \n"); // blank lines are not lines
    String key = "imports/exposures/" + imported + "/2026-03-02 batch+1.jsonl";
    put(key, file.toString());

    JsonNode report = importOne(key);
    assertEquals(key, report.path("key").asText());
    assertEquals("exposures", report.path("kind").asText());
    assertEquals("imported", report.path("status").asText());
    assertEquals(6, report.path("lines").asLong());
    assertEquals(0, report.path("invalid").asLong());
    assertTrue(report.path("errorsKey").isNull(), report.toString());

    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode array = body.putArray("exposures");
    records.forEach(array::add);
    Http.Response api = http.post("/campaigns/" + viaApi + "/exposures", body.toString());
    assertEquals(200, api.status(), api.raw().body());
    for (String field : List.of("accepted", "duplicates", "conflicts")) {
      assertEquals(api.json().path(field).asLong(), report.path(field).asLong(), field);
    }
    assertEquals(
        6,
        report.path("accepted").asLong()
            + report.path("duplicates").asLong()
            + report.path("conflicts").asLong());

    List<Map<String, AttributeValue>> before = new ArrayList<>();
    for (int u = 0; u < 4; u++) {
      Map<String, AttributeValue> mine = enrolment(imported, user("x" + u));
      Map<String, AttributeValue> theirs = enrolment(viaApi, user("x" + u));
      for (String field : List.of("group", "t0", "attributes", "conflict", "groupsSeen")) {
        assertEquals(theirs.get(field), mine.get(field), field + " of user x" + u);
      }
      before.add(mine);
    }

    // Re-delivery of the same event: nothing is recorded twice.
    JsonNode again = importOne(key);
    assertEquals(0, again.path("accepted").asLong(), again.toString());
    assertEquals(6, again.path("lines").asLong());
    assertEquals(
        6, again.path("duplicates").asLong() + again.path("conflicts").asLong(), again.toString());
    assertUnchangedByRedelivery(before, imported, "x");
  }

  @Test
  void csvOutcomesCountLikeTheApiAndLoadOnce() throws Exception {
    String imported = campaign("imp-o");
    String viaApi = campaign("api-o");
    // The same exposures in both campaigns; outcomes for "i" users are imported, for "a" users
    // they go through POST /outcomes.
    for (String side : List.of("i", "a")) {
      String campaign = side.equals("i") ? imported : viaApi;
      ObjectNode body = Http.JSON.createObjectNode();
      ArrayNode array = body.putArray("exposures");
      for (int u = 0; u < 3; u++) {
        array
            .addObject()
            .put("userId", user("o" + side + u))
            .put("at", "2026-03-02T10:00:00Z")
            .put("group", u == 0 ? "control" : "coupon");
      }
      Http.Response r = http.post("/campaigns/" + campaign + "/exposures", body.toString());
      assertEquals(200, r.status(), r.raw().body());
    }
    String[][] outcomes = {
      {"p1", "0", "purchase", "2026-03-03T09:00:00Z", "10.5", ""},
      {"p2", "0", "purchase", "2026-03-04T09:00:00+01:00", "4.5", ""},
      {"a1", "1", "activity", "2026-03-03T12:00:00Z", "", ""},
      {"a2", "1", "activity", "2026-02-27T12:00:00Z", "", ""},
      {"s1", "2", "signup", "2026-03-05T12:00:00Z", "", "1"},
      {"p3", "2", "purchase", "2026-04-30T00:00:00Z", "7", ""},
    };
    StringBuilder csv = new StringBuilder("eventId,userId,type,at,value,referredBy\r\n");
    ObjectNode api = Http.JSON.createObjectNode();
    ArrayNode apiOutcomes = api.putArray("outcomes");
    for (String[] o : outcomes) {
      String referred = o[5].isEmpty() ? "" : user("oi" + o[5]);
      // Quoted cells, as spreadsheet exports write them.
      csv.append(String.join(",", "ev-i-" + run + "-" + o[0], "\"" + user("oi" + o[1]) + "\""))
          .append(',')
          .append(o[2])
          .append(",\"")
          .append(o[3])
          .append("\",")
          .append(o[4])
          .append(',')
          .append(referred)
          .append("\r\n");
      ObjectNode a =
          apiOutcomes
              .addObject()
              .put("eventId", "ev-a-" + run + "-" + o[0])
              .put("userId", user("oa" + o[1]))
              .put("type", o[2])
              .put("at", o[3]);
      if (!o[4].isEmpty()) {
        a.put("value", new java.math.BigDecimal(o[4]));
      }
      if (!o[5].isEmpty()) {
        a.put("referredBy", user("oa" + o[5]));
      }
    }
    String key = "imports/outcomes/" + run + "/day-1.csv";
    put(key, csv.toString());

    JsonNode report = importOne(key);
    assertEquals("outcomes", report.path("kind").asText());
    assertEquals(6, report.path("lines").asLong(), report.toString());
    assertEquals(6, report.path("accepted").asLong(), report.toString());
    assertEquals(0, report.path("invalid").asLong());
    Http.Response r = http.post("/outcomes", api.toString());
    assertEquals(200, r.status(), r.raw().body());
    assertEquals(6, r.json().path("accepted").asLong());

    List<String> counters =
        List.of(
            "signups",
            "activity",
            "purchases",
            "revenue",
            "preActivity",
            "purchasesBeforeEnd",
            "purchasesBeforeStart");
    List<Map<String, AttributeValue>> before = new ArrayList<>();
    for (int u = 0; u < 3; u++) {
      Map<String, AttributeValue> mine = enrolment(imported, user("oi" + u));
      Map<String, AttributeValue> theirs = enrolment(viaApi, user("oa" + u));
      for (String field : counters) {
        assertEquals(theirs.get(field), mine.get(field), field + " of user " + u);
      }
      before.add(mine);
    }
    Map<String, AttributeValue> buyer = before.get(0);
    assertEquals("2", buyer.get("purchases").n());
    assertEquals(
        0,
        new java.math.BigDecimal("15")
            .compareTo(new java.math.BigDecimal(buyer.get("revenue").n())));
    assertEquals("1", before.get(1).get("activity").n());
    assertEquals("1", before.get(1).get("preActivity").n());

    JsonNode again = importOne(key);
    assertEquals(0, again.path("accepted").asLong(), again.toString());
    assertEquals(6, again.path("duplicates").asLong(), again.toString());
    assertUnchangedByRedelivery(before, imported, "oi");
  }

  @Test
  void badLinesGoToTheErrorsObjectAndTheGoodOnesAreLoaded() throws Exception {
    String campaign = campaign("bad");
    String future = java.time.Instant.now().plusSeconds(86_400).toString();
    String[] lines = {
      "{\"userId\": \"" + user("b1") + "\", \"at\": \"2026-03-02T10:00:00Z\"}", // 1 good
      "{\"userId\": \"" + user("b2") + "\", \"at\": ", // 2 not JSON
      "", // 3 blank: skipped, not counted
      "{\"at\": \"2026-03-02T10:00:00Z\"}", // 4 no userId
      "{\"userId\": \"" + user("b3") + "\", \"at\": \"2026-03-02T10:00:00Z\", \"group\": \"vip\"}",
      "{\"userId\": \"" + user("b4") + "\", \"at\": \"" + future + "\"}", // 6 future
      "[1, 2]", // 7 not an object
      "{\"userId\": \"" + user("b5") + "\", \"at\": \"2026-02-01T10:00:00Z\"}", // 8 before start
      "{\"userId\": \"" + user("b6") + "\", \"at\": \"2026-03-03T10:00:00Z\", \"x\": 1}", // 9
      "{\"userId\": \"" + user("b7") + "\", \"at\": \"2026-03-03T11:00:00Z\"}", // 10 good
    };
    String key = "imports/exposures/" + campaign + "/mixed.ndjson";
    put(key, String.join("\n", lines) + "\n");

    JsonNode report = importOne(key);
    assertEquals(9, report.path("lines").asLong(), report.toString());
    assertEquals(2, report.path("accepted").asLong(), report.toString());
    assertEquals(7, report.path("invalid").asLong(), report.toString());
    String errorsKey = "imports/exposures/" + campaign + "/mixed.errors.jsonl";
    assertEquals(errorsKey, report.path("errorsKey").asText());
    assertTrue(enrolment(campaign, user("b1")) != null);
    assertTrue(enrolment(campaign, user("b7")) != null);
    assertNull(enrolment(campaign, user("b3")));

    List<JsonNode> errors = jsonLines(get(errorsKey));
    assertEquals(
        List.of(2L, 4L, 5L, 6L, 7L, 8L, 9L),
        errors.stream().map(e -> e.path("line").asLong()).toList());
    assertEquals(lines[1], errors.get(0).path("record").asText());
    assertEquals("(record)", errors.get(0).path("problems").get(0).path("field").asText());
    assertTrue(
        errors.get(0).path("problems").get(0).path("problem").asText().contains("not valid JSON"));
    assertEquals("userId", errors.get(1).path("problems").get(0).path("field").asText());
    assertEquals("group", errors.get(2).path("problems").get(0).path("field").asText());
    assertEquals("at", errors.get(3).path("problems").get(0).path("field").asText());
    assertTrue(errors.get(3).path("problems").get(0).path("problem").asText().contains("future"));
    assertEquals(
        "must be a JSON object", errors.get(4).path("problems").get(0).path("problem").asText());
    assertTrue(errors.get(5).path("problems").get(0).path("problem").asText().contains("startAt"));
    assertEquals("x", errors.get(6).path("problems").get(0).path("field").asText());

    // S3 notifies the function of its own error report too: it is ignored.
    JsonNode ignored = importOne(errorsKey);
    assertEquals("ignored", ignored.path("status").asText());
    assertEquals(0, ignored.path("lines").asLong());

    // The file put again, corrected: the stale report is deleted.
    put(key, lines[0] + "\n" + lines[9] + "\n");
    JsonNode corrected = importOne(key);
    assertEquals(0, corrected.path("invalid").asLong(), corrected.toString());
    assertEquals(2, corrected.path("duplicates").asLong(), corrected.toString());
    assertTrue(corrected.path("errorsKey").isNull(), corrected.toString());
    assertNull(get(errorsKey), "the stale report is gone");
  }

  @Test
  void csvExposuresWithAttributesQuotesAndBadRows() throws Exception {
    String campaign = campaign("csvx");
    String csv =
        "userId,at,group,userCreatedAt,attributes.channel,attributes.city\n"
            + user("c1")
            + ",2026-03-02T10:00:00Z,coupon,,email,\"Paris, FR\"\n"
            + user("c2")
            + ",2026-03-02T10:00:00Z,,2026-01-01T00:00:00Z,push,\n"
            + user("c3")
            + ",2026-03-02T10:00:00Z,coupon\n" // wrong number of cells
            + "\""
            + user("c4")
            + "\",2026-03-02T10:00:00Z,coupon,,\"say \"\"hi\"\"\",\"two\nlines\"\n"
            + "bad id,2026-03-02T10:00:00Z,coupon,,email,x\n";
    String key = "imports/exposures/" + campaign + "/people.csv";
    put(key, csv);
    JsonNode report = importOne(key);
    assertEquals(5, report.path("lines").asLong(), report.toString());
    assertEquals(3, report.path("accepted").asLong(), report.toString());
    assertEquals(2, report.path("invalid").asLong(), report.toString());
    Map<String, AttributeValue> c1 = enrolment(campaign, user("c1"));
    assertEquals("coupon", c1.get("group").s());
    assertEquals("email", c1.get("attributes").m().get("channel").s());
    assertEquals("Paris, FR", c1.get("attributes").m().get("city").s());
    Map<String, AttributeValue> c2 = enrolment(campaign, user("c2"));
    assertFalse(c2.get("attributes").m().containsKey("city"), "empty cells are absent");
    assertEquals(
        "two\nlines", enrolment(campaign, user("c4")).get("attributes").m().get("city").s());
    List<JsonNode> errors =
        jsonLines(get("imports/exposures/" + campaign + "/people.errors.jsonl"));
    assertEquals(List.of(4L, 7L), errors.stream().map(e -> e.path("line").asLong()).toList());
    assertTrue(errors.get(0).path("problems").get(0).path("problem").asText().contains("cells"));
    assertEquals("userId", errors.get(1).path("problems").get(0).path("field").asText());

    String badHeader = "imports/exposures/" + campaign + "/typo.csv";
    put(badHeader, "userId,at,grop\nu1,2026-03-02T10:00:00Z,coupon\n");
    JsonNode rejected = importOne(badHeader);
    assertEquals("rejected", rejected.path("status").asText(), rejected.toString());
    assertEquals(0, rejected.path("accepted").asLong());
    assertEquals(0, rejected.path("invalid").asLong());
    assertTrue(rejected.path("message").asText().contains("header"), rejected.toString());
    JsonNode headerError =
        jsonLines(get("imports/exposures/" + campaign + "/typo.errors.jsonl")).get(0);
    assertEquals(1, headerError.path("line").asLong());
    assertTrue(headerError.path("problems").get(0).path("problem").asText().contains("grop"));
  }

  @Test
  void unknownCampaignMakesEveryLineInvalid() throws Exception {
    String campaign = Campaigns.uniqueId("nope");
    String key = "imports/exposures/" + campaign + "/x.jsonl";
    put(
        key,
        "{\"userId\": \"u1\", \"at\": \"2026-03-02T10:00:00Z\"}\n"
            + "{\"userId\": \"u2\", \"at\": \"2026-03-02T10:00:00Z\"}\n");
    JsonNode report = importOne(key);
    assertEquals(2, report.path("invalid").asLong(), report.toString());
    assertEquals(0, report.path("accepted").asLong());
    List<JsonNode> errors = jsonLines(get(report.path("errorsKey").asText()));
    assertEquals(2, errors.size());
    assertEquals(
        "unknown campaign " + campaign,
        errors.get(1).path("problems").get(0).path("problem").asText());
  }

  @Test
  void keysThatAreNotImportsAreReportedNotFatal() throws Exception {
    put("imports/outcomes/" + run + "/notes.txt", "hello");
    put("imports/elsewhere/" + run + ".jsonl", "{}");
    put("imports/exposures/bad*id/x.jsonl", "{}");
    JsonNode response =
        invoke(
            "imports/outcomes/" + run + "/notes.txt",
            "imports/elsewhere/" + run + ".jsonl",
            "imports/exposures/bad*id/x.jsonl",
            "imports/outcomes/" + run + "/never-uploaded.jsonl");
    List<String> statuses = new ArrayList<>();
    response.path("files").forEach(f -> statuses.add(f.path("status").asText()));
    assertEquals(List.of("unsupported", "skipped", "skipped", "missing"), statuses);
    response.path("files").forEach(f -> assertTrue(f.has("message"), f.toString()));

    // A key that is not valid URL encoding is reported, not a crash.
    String event =
        "{\"Records\": [{\"s3\": {\"bucket\": {\"name\": \""
            + BUCKET
            + "\"}, \"object\": {\"key\": \"imports/outcomes/%zz.jsonl\"}}}]}";
    JsonNode malformed =
        Http.JSON.readTree(
            backends.functions().invoke("ImportFunction", event.getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        "skipped", malformed.path("files").get(0).path("status").asText(), malformed.toString());
  }

  /**
   * A 200,000-line outcomes file: streamed in chunks, so the live heap stays far below what holding
   * the file's lines would take. Every event appears 40 times in a row (as in an export that was
   * appended to twice): all lines go through reading, parsing, chunking and the write path, while
   * the store — DynamoDB Local, a few hundred transactions a second on two cores — gets only the
   * distinct events, which keeps the test well under a minute.
   */
  @Test
  void aLargeFileImportsWithBoundedMemory() throws Exception {
    // The heap is the shared twin's JVM's, DynamoDB Local's included: now and then something else
    // in it (seen twice in CI, 112 and 125 MB, against some 7 MB usually) holds memory for a while
    // during the import. A file held in memory would show in every import, so a second import of
    // new records decides when the first is over the bound.
    if (!importWithinHeapBound("a")) {
      assertTrue(importWithinHeapBound("b"), "over the heap bound twice; see the lines above");
    }
  }

  /** One measured import of a new big file (event ids tagged {@code tag}); its counts asserted. */
  private boolean importWithinHeapBound(String tag) throws Exception {
    String run = ImportTest.run + tag;
    int lineCount = Integer.getInteger("lift.import.lines", 200_000);
    int repeats = Integer.getInteger("lift.import.repeats", 40);
    int users = Integer.getInteger("lift.import.users", 64);
    int invalidEvery = 10_000;
    Path file = Files.createTempFile("import-big-", ".jsonl");
    try {
      long invalid = 0;
      long distinct = 0;
      try (BufferedWriter w = Files.newBufferedWriter(file)) {
        for (int i = 0; i < lineCount; i++) {
          if (i % invalidEvery == invalidEvery - 1) {
            w.write("{\"eventId\":\"big-" + run + "-bad-" + i + "\",\"type\":\"purchase\"}\n");
            invalid++;
            continue;
          }
          int event = i / repeats;
          if (i % repeats == 0) {
            distinct++;
          }
          w.write(
              "{\"eventId\":\"big-"
                  + run
                  + "-"
                  + event
                  + "\",\"userId\":\""
                  + user("big" + (event % users))
                  + "\",\"type\":\"purchase\",\"at\":\"2026-03-0"
                  + (1 + event % 9)
                  + "T12:00:00Z\",\"value\":"
                  + (event % 50)
                  + ".25}\n");
        }
      }
      long bytes = Files.size(file);
      String key = "imports/outcomes/" + run + "/big.jsonl";
      s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromFile(file));

      // The shared twin runs the queue-fed functions (a scheduled run's evaluations of every
      // campaign) and folds the stream's changes in this JVM: hold the queues, let the stream
      // finish what earlier tests wrote and hold it too, so that the heap measured is the
      // import's alone.
      SqsEventSources queues = TestBackends.get().eventSources();
      queues.hold(true);
      queues.awaitIdle(Duration.ofMinutes(5));
      FoldedAggregates.awaitFolded();
      StreamMappings streams = TestBackends.get().streams();
      streams.hold(true);
      Runtime rt = Runtime.getRuntime();
      System.gc();
      long baseline = rt.totalMemory() - rt.freeMemory();
      AtomicLong peak = new AtomicLong(baseline);
      AtomicBoolean done = new AtomicBoolean();
      Thread sampler =
          new Thread(
              () -> {
                while (!done.get()) {
                  System.gc(); // live heap, not garbage waiting for collection
                  peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                  try {
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      sampler.setDaemon(true);
      long started = System.nanoTime();
      sampler.start();
      JsonNode report;
      try {
        report = importOne(key);
      } finally {
        done.set(true);
        sampler.join();
        streams.hold(false);
        queues.hold(false);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.gc();
      long after = rt.totalMemory() - rt.freeMemory();
      long growth = peak.get() - baseline;
      // What the import held while running, above what stays afterwards (DynamoDB Local runs in
      // this JVM, so the stored items themselves stay in the heap).
      long transientPeak = peak.get() - Math.max(baseline, after);
      System.out.printf(
          "import of %,d lines (%,d bytes, %d users): %.1f s, %,.0f lines/s; live heap: peak"
              + " growth %,d bytes, after %,d bytes, transient peak %,d bytes%n",
          lineCount,
          bytes,
          users,
          seconds,
          lineCount / seconds,
          growth,
          after - baseline,
          transientPeak);
      assertEquals(lineCount, report.path("lines").asLong(), report.toString());
      assertEquals(distinct, report.path("accepted").asLong(), report.toString());
      assertEquals(
          lineCount - distinct - invalid, report.path("duplicates").asLong(), report.toString());
      assertEquals(invalid, report.path("invalid").asLong(), report.toString());
      assertEquals(invalid, jsonLines(get(report.path("errorsKey").asText())).size());
      // 200,000 lines held as strings would be over 30 MB of live heap, as JSON trees several times
      // that; one chunk of 500 records is well under a megabyte.
      boolean within = transientPeak < Math.max(20L << 20, bytes / 2);
      if (!within) {
        System.out.println(
            "the import held " + transientPeak + " bytes of live heap for a " + bytes + " file");
      }
      return within;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  // --- helpers ---

  private static String user(String name) {
    return "imp-" + run + "-" + name;
  }

  private static String campaign(String prefix) {
    String id = Campaigns.uniqueId(prefix);
    Http.Response r = http.put("/campaigns/" + id, Campaigns.valid().toString());
    assertEquals(201, r.status(), r.raw().body());
    return id;
  }

  private static S3Client s3() {
    return backends.backend().s3();
  }

  private static void put(String key, String content) {
    ImportFiles.put(backends, key, content);
  }

  private static String get(String key) {
    return ImportFiles.get(backends, key);
  }

  private static List<JsonNode> jsonLines(String text) throws Exception {
    return ImportFiles.jsonLines(text);
  }

  private static JsonNode importOne(String key) throws Exception {
    return ImportFiles.importOne(backends, key);
  }

  private static JsonNode invoke(String... keys) throws Exception {
    return ImportFiles.invoke(backends, keys);
  }

  /**
   * Each enrolment of users {@code userPrefix + 0, 1, …} is as it was {@code before} a redelivery,
   * but for its delivery counter, which counts redeliveries by design.
   */
  private static void assertUnchangedByRedelivery(
      List<Map<String, AttributeValue>> before, String campaignId, String userPrefix) {
    for (int u = 0; u < before.size(); u++) {
      Map<String, AttributeValue> was = new java.util.HashMap<>(before.get(u));
      Map<String, AttributeValue> now =
          new java.util.HashMap<>(enrolment(campaignId, user(userPrefix + u)));
      was.remove("deliveries");
      now.remove("deliveries");
      assertEquals(was, now, "user " + userPrefix + u);
    }
  }

  private static Map<String, AttributeValue> enrolment(String campaignId, String userId) {
    return StoredEnrolments.item(backends.backend(), campaignId, userId);
  }
}
