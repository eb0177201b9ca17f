package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.handler.ImportHandler;
import campaignlift.handler.ScheduledEvaluationHandler;
import campaignlift.store.Backend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Every hostile value clients have sent (docs/value-domain.md), in every numeric and time field,
 * through every door: the HTTP API (campaigns, exposures, outcomes, {@code limit}) and the S3
 * import (JSON Lines and CSV). Each is refused with a 4xx naming the field (and the record's index,
 * or the line in the import's error report), nothing is written (every table counted, the bucket
 * listed, before and after), and afterwards the service still lists, evaluates and runs its
 * schedule. Runs on its own DynamoDB so the counts are this test's alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {
  private static final String BUCKET = LocalBackends.LOCAL_BUCKET;
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String HOSTILE = "__hostile__";

  /** Numbers no field accepts, as written in JSON. */
  static final List<String> NUMBERS =
      List.of(
          "1e2147483648",
          "-1e2147483648",
          "1e-999999999",
          "-1e-999999999",
          "1e400",
          "123456789012345678901234567890123456789",
          "-123456789012345678901234567890123456789");

  /** Numbers that are fine elsewhere but not as a purchase value. */
  static final List<String> VALUES =
      List.of(
          "1.00000000000000000000000000000000000001",
          "1e-131",
          "1e-27",
          "1e12",
          "1000000000.0001",
          "0.00001",
          "-0.0001");

  /** Instants outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z, or not instants. */
  static final List<String> INSTANTS =
      List.of(
          "+999999999-12-31T23:59:59-18:00",
          "-999999999-01-01T00:00:00+18:00",
          "-300000000-06-01T00:00:00Z",
          "1969-12-31T23:59:59.999Z",
          "+10000-01-01T00:00:00Z",
          "9999-12-31T23:59:59-00:01");

  private static FreshDynamoTwin twin;
  private static Backend backend;
  private static LocalFunctions functions;
  private static Http http;
  private static String run;
  private static String campaign;
  private static String healthy;

  @BeforeAll
  static void start() throws Exception {
    twin = new FreshDynamoTwin();
    backend = twin.backend;
    functions = twin.functions;
    http = twin.http;
    run = UUID.randomUUID().toString().substring(0, 8);
    campaign = create("hostile");
    healthy = create("healthy");
    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode xs = body.putArray("exposures");
    for (int i = 0; i < 8; i++) {
      xs.add(exposure("h" + i).put("group", i % 2 == 0 ? "control" : "coupon"));
    }
    assertEquals(200, http.post("/campaigns/" + healthy + "/exposures", body.toString()).status());
  }

  @AfterAll
  static void stop() {
    twin.close();
  }

  // --- PUT /campaigns/{id} ---

  static Stream<Arguments> campaignCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String field : List.of("startAt", "endAt")) {
      INSTANTS.forEach(v -> cases.add(Arguments.of(field, "\"" + v + "\"")));
    }
    for (String field :
        List.of("windowDays", "newUserDays", "shards", "alpha", "cost", "groups[0].weight")) {
      NUMBERS.forEach(v -> cases.add(Arguments.of(field, v)));
    }
    for (String field : List.of("windowDays", "newUserDays", "shards")) {
      cases.add(Arguments.of(field, "1.00000000000000000000000000000000000001"));
      cases.add(Arguments.of(field, "2147483648"));
    }
    cases.add(Arguments.of("cost", "1000000000.5"));
    return cases.stream();
  }

  @ParameterizedTest(name = "campaign {0} = {1}")
  @MethodSource("campaignCases")
  void campaignFieldsRefuseHostileValues(String field, String raw) {
    ObjectNode body = validCampaign();
    if (field.equals("groups[0].weight")) {
      ((ObjectNode) body.get("groups").get(0)).put("weight", HOSTILE);
    } else {
      body.put(field, HOSTILE);
    }
    String id = Campaigns.uniqueId("bad");
    Map<String, Integer> before = counts();
    Http.Response r = http.put("/campaigns/" + id, splice(body, raw));
    assertNamed(r, null, field);
    assertEquals(before, counts(), "nothing written");
    assertEquals(404, http.get("/campaigns/" + id).status());
  }

  // --- POST /campaigns/{id}/exposures and /outcomes ---

  static Stream<Arguments> recordCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String field : List.of("at", "userCreatedAt")) {
      INSTANTS.forEach(v -> cases.add(Arguments.of("exposures", field, "\"" + v + "\"")));
    }
    INSTANTS.forEach(v -> cases.add(Arguments.of("outcomes", "at", "\"" + v + "\"")));
    NUMBERS.forEach(v -> cases.add(Arguments.of("outcomes", "value", v)));
    VALUES.forEach(v -> cases.add(Arguments.of("outcomes", "value", v)));
    // A survey's score (an NPS answer here): the same screen, then its integer scale.
    NUMBERS.forEach(v -> cases.add(Arguments.of("outcomes", "score", v)));
    List.of("7.5", "11", "-1", "1.00000000000000000000000000000000000001")
        .forEach(v -> cases.add(Arguments.of("outcomes", "score", v)));
    cases.add(Arguments.of("exposures", "attributes.channel", "\"(none)\""));
    cases.add(Arguments.of("exposures", "attributes.channel", "\"(other)\""));
    cases.add(Arguments.of("exposures", "userId", "\"..\""));
    cases.add(Arguments.of("outcomes", "userId", "\".\""));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} = {2}")
  @MethodSource("recordCases")
  void batchRecordsRefuseHostileValues(String kind, String field, String raw) {
    String good = user("good");
    ObjectNode bad = kind.equals("exposures") ? exposure(user("bad")) : outcome(user("bad"));
    if (field.equals("score")) {
      bad.put("type", "survey").put("survey", "nps").remove("value");
    }
    if (field.startsWith("attributes.")) {
      bad.putObject("attributes").put(field.substring("attributes.".length()), HOSTILE);
    } else {
      bad.put(field, HOSTILE);
    }
    ObjectNode body = Http.JSON.createObjectNode();
    body.putArray(kind).add(kind.equals("exposures") ? exposure(good) : outcome(good)).add(bad);
    String path = kind.equals("exposures") ? "/campaigns/" + campaign + "/exposures" : "/outcomes";
    Map<String, Integer> before = counts();
    Http.Response r = http.post(path, splice(body, raw));
    assertNamed(r, 1, field);
    if (field.startsWith("attributes.")) {
      assertTrue(r.raw().body().contains("is reserved for"), r.raw().body());
    }
    assertEquals(before, counts(), "nothing written, not even the good record");
  }

  // --- GET /campaigns?limit= ---

  @ParameterizedTest(name = "limit={0}")
  @MethodSource("limits")
  void limitIsStrictAsciiDigits(String limit) {
    Http.Response r =
        http.get("/campaigns?limit=" + URLEncoder.encode(limit, StandardCharsets.UTF_8));
    assertNamed(r, null, "limit");
  }

  static Stream<String> limits() {
    return Stream.of("+10", "\u0661\u0660", " 10", "10 ", "1e1", "10.0", "0", "-1", "99999999999");
  }

  // --- S3 import, JSON Lines and CSV ---

  static Stream<Arguments> importCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String format : List.of("jsonl", "csv")) {
      for (String field : List.of("at", "userCreatedAt")) {
        INSTANTS.forEach(v -> cases.add(Arguments.of(format, "exposures", field, v)));
      }
      cases.add(Arguments.of(format, "exposures", "attributes.channel", "(none)"));
      cases.add(Arguments.of(format, "exposures", "attributes.channel", "(other)"));
      INSTANTS.forEach(v -> cases.add(Arguments.of(format, "outcomes", "at", v)));
      NUMBERS.forEach(v -> cases.add(Arguments.of(format, "outcomes", "value", v)));
      VALUES.forEach(v -> cases.add(Arguments.of(format, "outcomes", "value", v)));
    }
    cases.add(Arguments.of("csv", "outcomes", "value", "NaN"));
    cases.add(Arguments.of("jsonl", "outcomes", "(record)", "NaN"));
    cases.add(Arguments.of("jsonl", "outcomes", "(record)", "{"));
    return cases.stream();
  }

  /**
   * One bad line between two good ones: the good lines load, the bad one is in the error report
   * beside the file with its line and field, and nothing else is written.
   */
  @ParameterizedTest(name = "{0} {1} {2} = {3}")
  @MethodSource("importCases")
  void importsReportBadLinesAndLoadTheGoodOnes(String format, String kind, String field, String bad)
      throws Exception {
    boolean exposures = kind.equals("exposures");
    List<String> users = List.of(user("i1"), user("i2"), user("i3"));
    String content;
    if (format.equals("jsonl")) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ObjectNode record = exposures ? exposure(users.get(i)) : outcome(users.get(i));
        if (i == 1) {
          if (field.startsWith("attributes.")) {
            record.putObject("attributes").put("channel", HOSTILE);
          } else if (!field.equals("(record)")) {
            record.put(field, HOSTILE);
          } else {
            record.put("value", HOSTILE);
          }
        }
        boolean asText = exposures || field.equals("at");
        lines.add(
            i == 1
                ? record.toString().replace("\"" + HOSTILE + "\"", asText ? "\"" + bad + "\"" : bad)
                : record.toString());
      }
      content = String.join("\n", lines) + "\n";
    } else {
      StringBuilder csv =
          new StringBuilder(
              exposures
                  ? "userId,at,group,userCreatedAt,attributes.channel\n"
                  : "eventId,userId,type,at,value\n");
      for (int i = 0; i < 3; i++) {
        String u = users.get(i);
        if (exposures) {
          String at = NOW.minus(1, ChronoUnit.DAYS).toString();
          String created = NOW.minus(100, ChronoUnit.DAYS).toString();
          String channel = "email";
          if (i == 1) {
            at = field.equals("at") ? bad : at;
            created = field.equals("userCreatedAt") ? bad : created;
            channel = field.equals("attributes.channel") ? bad : channel;
          }
          csv.append(String.join(",", u, at, "coupon", created, channel)).append('\n');
        } else {
          String at = NOW.minus(1, ChronoUnit.HOURS).toString();
          String value = "12.5";
          if (i == 1) {
            at = field.equals("at") ? bad : at;
            value = field.equals("value") ? bad : value;
          }
          csv.append(String.join(",", "ev-" + u, u, "purchase", at, value)).append('\n');
        }
      }
      content = csv.toString();
    }
    String folder =
        exposures ? "imports/exposures/" + campaign + "/" : "imports/outcomes/" + run + "/";
    String name = "case-" + UUID.randomUUID().toString().substring(0, 8);
    String key = folder + name + "." + format;
    String errorsKey = folder + name + ".errors.jsonl";
    Map<String, Integer> before = counts();
    Set<String> listed = listing();
    put(key, content);

    JsonNode report = importOne(key);
    assertEquals("imported", report.path("status").asText(), report.toString());
    assertEquals(3, report.path("lines").asLong(), report.toString());
    assertEquals(2, report.path("accepted").asLong(), report.toString());
    assertEquals(1, report.path("invalid").asLong(), report.toString());
    assertEquals(errorsKey, report.path("errorsKey").asText());
    List<JsonNode> errors = jsonLines(get(errorsKey));
    assertEquals(1, errors.size(), errors.toString());
    assertEquals(format.equals("csv") ? 3 : 2, errors.get(0).path("line").asLong());
    JsonNode problem = errors.get(0).path("problems").get(0);
    assertEquals(field, problem.path("field").asText(), errors.toString());
    assertPlainWords(problem.path("problem").asText());

    Map<String, Integer> expected = new TreeMap<>(before);
    if (exposures) {
      // Two users, each with a user item, an enrolment and its exposure's dedupe record.
      expected.merge("users", 2, Integer::sum);
      expected.merge("enrolments", 2, Integer::sum);
      expected.merge("eventIds", 2, Integer::sum);
    } else {
      expected.merge("eventIds", 2, Integer::sum);
    }
    Map<String, Integer> after = counts();
    assertEquals(expected.get("enrolments"), after.get("enrolments"), "only the good lines");
    assertEquals(expected.get("eventIds"), after.get("eventIds"), "only the good lines");
    Set<String> added = new HashSet<>(listing());
    added.removeAll(listed);
    assertEquals(Set.of(key, errorsKey), added, "the bucket gained only the file and its report");
  }

  // --- keys, identifiers, error size, words ---

  @Test
  void importKeysWithDotSegmentsAreSkippedUnread() throws Exception {
    String line =
        outcome(user("dot")).put("eventId", "ev-dot-" + run).toString().replace("\n", "") + "\n";
    List<String> keys =
        List.of(
            "imports/outcomes/../../reports/x-" + run + "/evil.jsonl",
            "imports/outcomes/./" + run + "/x.jsonl",
            "imports/outcomes//" + run + ".jsonl",
            "imports/exposures/" + campaign + "/../x-" + run + ".jsonl",
            "imports/exposures/../" + campaign + "/x.csv");
    Map<String, Integer> before = counts();
    for (String key : keys) {
      try {
        put(key, line);
      } catch (S3Exception | SdkClientException e) {
        // A store may refuse such a key itself (S3Proxy's Jetty may answer 400 and close the
        // connection before the body is sent); the import must not depend on that.
      }
    }
    Set<String> listed = listing();
    for (String key : keys) {
      JsonNode report = importOne(key);
      assertEquals("skipped", report.path("status").asText(), report.toString());
      assertTrue(report.path("message").asText().contains("segments"), report.toString());
      assertEquals(0, report.path("lines").asLong());
    }
    assertEquals(before, counts(), "nothing read, nothing recorded");
    assertEquals(listed, listing(), "no error report written anywhere");
  }

  @Test
  void identifiersOfOnlyDotsAreRefused() {
    assertNamed(http.put("/campaigns/...", validCampaign().toString()), null, "campaignId");
    for (String id : List.of("...", ".%2E%2E", "%2E")) {
      Http.Response r = http.put("/campaigns/" + id, validCampaign().toString());
      assertTrue(r.status() == 400 || r.status() == 404, id + ": " + r.raw().body());
      if (r.status() == 400) {
        assertTrue(r.namesField("campaignId"), r.raw().body());
      }
    }
    ObjectNode groups = validCampaign();
    ((ObjectNode) groups.get("groups").get(1)).put("name", "..");
    assertNamed(
        http.put("/campaigns/" + Campaigns.uniqueId("dots"), groups.toString()),
        null,
        "groups[1].name");
    ObjectNode segments = validCampaign();
    segments.putArray("segmentAttributes").add(".");
    assertNamed(
        http.put("/campaigns/" + Campaigns.uniqueId("dots"), segments.toString()),
        null,
        "segmentAttributes[0]");
  }

  /** Once a 7.3 MB answer: 119,600 problems, all listed. */
  @Test
  void aMegabyteOfUnknownFieldsGetsASmallAnswer() {
    StringBuilder body = new StringBuilder("{\"outcomes\": [");
    int records = 0;
    while (true) {
      ObjectNode o = outcome(user("u" + records));
      for (int f = 0; f < 300; f++) {
        o.put("unknown" + f, 1);
      }
      String record = o.toString();
      if (body.length() + record.length() + 3 > 1_040_000) {
        break;
      }
      body.append(records++ > 0 ? "," : "").append(record);
    }
    body.append("]}");
    Http.Response r = http.post("/outcomes", body.toString());
    assertEquals(400, r.status());
    assertTrue(r.raw().body().length() < 64 * 1024, "answer of " + r.raw().body().length());
    JsonNode error = r.error();
    assertEquals("invalid_request", error.path("code").asText(), error.toString());
    assertEquals(100, error.path("details").size());
    assertEquals(records * 300, error.path("totalProblems").asInt(), "every problem counted");
  }

  @Test
  void errorMessagesAreInPlainWords() {
    String good = outcome(user("w")).toString();
    List<String> bodies =
        List.of(
            "{\"outcomes\": [" + good.replace("12.5", "NaN") + "]}",
            "{\"outcomes\": [" + good.replace("12.5", "-Infinity") + "]}",
            "{\"outcomes\": [" + good + "]} {}",
            "{\"outcomes\": [" + good + "]",
            "{\"outcomes\": " + "[".repeat(80) + "]}",
            "{\"outcomes\": [" + good.replace("12.5", "1".repeat(1200)) + "]}",
            "{\"" + "n".repeat(5000) + "\": []}",
            "\"just a string\"",
            "{\"outcomes\": [" + good + "], \"outcomes\": 7}");
    for (String body : bodies) {
      Http.Response r = http.post("/outcomes", body);
      assertEquals(400, r.status(), body);
      assertPlainWords(r.raw().body());
    }
  }

  /**
   * On S3 a function without s3:ListBucket gets 403, not 404, for a missing key: a clean import
   * must not depend on a 404 (it once threw after writing its data, and Lambda retried forever).
   */
  @Test
  void aCleanImportNeedsNo404ForMissingKeys() throws Exception {
    S3Client forbidding = new ForbiddenWhenMissing(backend.s3());
    Backend withoutList =
        new Backend(backend.dynamo(), forbidding, backend.presigner(), backend.tables());
    ImportHandler handler = new ImportHandler(withoutList, Clock.systemUTC());
    String key = "imports/outcomes/" + run + "/clean-" + UUID.randomUUID() + ".jsonl";
    put(key, outcome(user("clean")).toString() + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event(key)), out, LocalContext.of("t", "ImportFunction", null));
    JsonNode report = Http.JSON.readTree(out.toByteArray()).path("files").get(0);
    assertEquals("imported", report.path("status").asText(), report.toString());
    assertEquals(1, report.path("accepted").asLong(), report.toString());
    assertNull(get(key.replace(".jsonl", ".errors.jsonl")));
  }

  // --- and afterwards the service still works ---

  @Test
  @Order(Integer.MAX_VALUE)
  void theServiceStillListsEvaluatesAndRunsItsSchedule() throws Exception {
    Set<String> seen = new HashSet<>();
    for (Http.Response page : http.pages("/campaigns?limit=100")) {
      page.json().path("items").forEach(c -> seen.add(c.path("campaignId").asText()));
    }
    assertTrue(seen.containsAll(Set.of(campaign, healthy)), seen.toString());
    assertEquals(counts().get("campaigns").intValue(), seen.size(), "every campaign listed");

    FoldedAggregates.awaitFolded();
    Http.Response evaluated =
        http.post("/campaigns/" + healthy + "/evaluations", "{\"maturedOnly\": false}");
    assertEquals(201, evaluated.status(), evaluated.raw().body());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ScheduledEvaluationHandler(backend, Clock.systemUTC())
        .handleRequest(
            new ByteArrayInputStream("{\"detail\": {}}".getBytes(StandardCharsets.UTF_8)),
            out,
            LocalContext.of("t", "ScheduledEvaluationFunction", null));
    JsonNode enqueued = Http.JSON.readTree(out.toByteArray());
    Set<String> queued = new HashSet<>();
    enqueued.path("enqueued").forEach(n -> queued.add(n.asText()));
    assertTrue(queued.contains(healthy), enqueued.toString());
    // The twin's workers evaluate the run's campaigns from the queue.
    JsonNode scheduled =
        ScheduledRuns.asAnswer(
            ScheduledRuns.awaitSettled(
                backend,
                twin.backends().queues(),
                twin.backends().queueUrls().get("EvaluationQueue"),
                enqueued.path("runId").asText()));
    assertEquals(0, scheduled.path("failed").size(), scheduled.toString());
    Set<String> ran = new HashSet<>();
    scheduled.path("evaluated").forEach(n -> ran.add(n.asText()));
    assertTrue(ran.contains(healthy), scheduled.toString());
  }

  // --- helpers ---

  /** S3 as a function without s3:ListBucket sees it: a missing key is 403 Access Denied. */
  static final class ForbiddenWhenMissing extends DelegatingS3Client {
    ForbiddenWhenMissing(S3Client real) {
      super(real);
    }

    @Override
    protected <T extends S3Request, R> R invokeOperation(T request, Function<T, R> operation) {
      try {
        return operation.apply(request);
      } catch (NoSuchKeyException e) {
        if (request instanceof HeadObjectRequest || request instanceof GetObjectRequest) {
          throw (S3Exception)
              S3Exception.builder()
                  .statusCode(403)
                  .message("Access Denied (Service: S3, Status Code: 403)")
                  .build();
        }
        throw e;
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          throw (S3Exception) S3Exception.builder().statusCode(403).message("Forbidden").build();
        }
        throw e;
      }
    }
  }

  private static void assertNamed(Http.Response r, Integer index, String field) {
    assertEquals(400, r.status(), r.raw().body());
    assertEquals("invalid_request", r.error().path("code").asText(), r.raw().body());
    boolean named = false;
    for (JsonNode d : r.error().path("details")) {
      named |=
          d.path("field").asText().equals(field)
              && (index == null ? !d.has("index") : d.path("index").asInt(-1) == index);
    }
    assertTrue(named, "names " + field + " at " + index + ": " + r.raw().body());
    assertPlainWords(r.raw().body());
  }

  private static void assertPlainWords(String text) {
    for (String internal :
        List.of("StreamReadConstraints", "JsonReadFeature", "com.fasterxml", "JsonNode", "`")) {
      assertFalse(text.contains(internal), internal + " in " + text);
    }
  }

  private static String splice(ObjectNode body, String raw) {
    return body.toString().replace("\"" + HOSTILE + "\"", raw);
  }

  private static ObjectNode validCampaign() {
    ObjectNode body = Campaigns.valid();
    body.put("startAt", NOW.minus(30, ChronoUnit.DAYS).toString());
    body.put("endAt", NOW.plus(30, ChronoUnit.DAYS).toString());
    return body;
  }

  private static String create(String prefix) {
    String id = Campaigns.uniqueId(prefix);
    ObjectNode body = validCampaign();
    body.remove("endAt");
    Http.Response r = http.put("/campaigns/" + id, body.toString());
    assertEquals(201, r.status(), r.raw().body());
    return id;
  }

  private static String user(String name) {
    return "hx-" + run + "-" + name + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  private static ObjectNode exposure(String user) {
    ObjectNode x = Http.JSON.createObjectNode();
    x.put("userId", user);
    x.put("at", NOW.minus(1, ChronoUnit.DAYS).toString());
    x.put("group", "coupon");
    x.put("userCreatedAt", NOW.minus(100, ChronoUnit.DAYS).toString());
    return x;
  }

  private static ObjectNode outcome(String user) {
    ObjectNode o = Http.JSON.createObjectNode();
    o.put("eventId", "ev-" + user);
    o.put("userId", user);
    o.put("type", "purchase");
    o.put("at", NOW.minus(1, ChronoUnit.HOURS).toString());
    o.put("value", 12.5);
    return o;
  }

  private static Map<String, Integer> counts() {
    var t = backend.tables();
    Map<String, Integer> counts = new TreeMap<>();
    counts.put("users", count(t.users()));
    counts.put("enrolments", count(t.enrolments()));
    counts.put("eventIds", count(t.eventIds()));
    counts.put("campaigns", count(t.campaigns()));
    counts.put("results", count(t.results()));
    return counts;
  }

  private static int count(String table) {
    int n = 0;
    for (var page : backend.dynamo().scanPaginator(s -> s.tableName(table).select(Select.COUNT))) {
      n += page.count();
    }
    return n;
  }

  private static Set<String> listing() {
    Set<String> keys = new HashSet<>();
    for (S3Object o : backend.s3().listObjectsV2Paginator(r -> r.bucket(BUCKET)).contents()) {
      keys.add(o.key());
    }
    return keys;
  }

  private static void put(String key, String content) {
    backend.s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(content));
  }

  private static String get(String key) {
    try {
      return backend.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  private static List<JsonNode> jsonLines(String text) throws Exception {
    assertNotNull(text, "the errors object exists");
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.add(Http.JSON.readTree(line));
      }
    }
    return out;
  }

  private static byte[] event(String key) throws Exception {
    ObjectNode event = Http.JSON.createObjectNode();
    ObjectNode record = event.putArray("Records").addObject();
    record.put("eventSource", "aws:s3").put("eventName", "ObjectCreated:Put");
    ObjectNode s3 = record.putObject("s3");
    s3.putObject("bucket").put("name", BUCKET);
    s3.putObject("object")
        .put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
    return Http.JSON.writeValueAsBytes(event);
  }

  private static JsonNode importOne(String key) throws Exception {
    JsonNode response = Http.JSON.readTree(functions.invoke("ImportFunction", event(key)));
    assertFalse(response.has("errorMessage"), response.toString());
    JsonNode files = response.path("files");
    assertEquals(1, files.size(), files.toString());
    return files.get(0);
  }
}
