package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every docs/api.md rule for exposure and outcome batches, one bad record per row: the whole batch
 * is rejected with a 400 naming the record's index and field, and nothing is written — not even the
 * batch's good records.
 */
class RecordingValidationTest {
  private static TestBackends backends;
  private static Http http;
  private static String campaignId;
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  static void start() throws Exception {
    backends = TestBackends.get();
    http = new Http(backends.url());
    campaignId = Campaigns.uniqueId("validate");
    ObjectNode body = Campaigns.valid();
    body.put("startAt", NOW.minus(30, ChronoUnit.DAYS).toString());
    body.put("endAt", NOW.plus(30, ChronoUnit.DAYS).toString());
    assertEquals(201, http.put("/campaigns/" + campaignId, body.toString()).status());
  }

  static ObjectNode exposure(String user) {
    ObjectNode x = Http.JSON.createObjectNode();
    x.put("userId", user);
    x.put("at", NOW.minus(1, ChronoUnit.DAYS).toString());
    x.put("group", "coupon");
    x.putObject("attributes").put("channel", "email");
    x.put("userCreatedAt", NOW.minus(100, ChronoUnit.DAYS).toString());
    return x;
  }

  static ObjectNode outcome(String id, String user) {
    ObjectNode o = Http.JSON.createObjectNode();
    o.put("eventId", id);
    o.put("userId", user);
    o.put("type", "purchase");
    o.put("at", NOW.minus(1, ChronoUnit.HOURS).toString());
    o.put("value", 12.5);
    return o;
  }

  static Stream<Arguments> badExposures() {
    return Stream.of(
        row("userId missing", x -> x.remove("userId"), "userId"),
        row("userId bad characters", x -> x.put("userId", "a b"), "userId"),
        row("userId too long", x -> x.put("userId", "u".repeat(129)), "userId"),
        row("userId a number", x -> x.put("userId", 42), "userId"),
        row("at missing", x -> x.remove("at"), "at"),
        row("at without offset", x -> x.put("at", "2026-11-01T10:00:00"), "at"),
        row(
            "at in the future",
            x -> x.put("at", NOW.plus(10, ChronoUnit.MINUTES).toString()),
            "at"),
        row("at before startAt", x -> x.put("at", NOW.minus(40, ChronoUnit.DAYS).toString()), "at"),
        row("at after endAt", RecordingValidationTest::afterEnd, "at"),
        row("group unknown", x -> x.put("group", "nope"), "group"),
        row("group not a string", x -> x.put("group", 1), "group"),
        row("attributes not an object", x -> x.put("attributes", "email"), "attributes"),
        row("attribute value a number", x -> attrs(x).put("channel", 3), "attributes.channel"),
        row("attribute value empty", x -> attrs(x).put("channel", ""), "attributes.channel"),
        row("attribute name bad", x -> attrs(x).put("a b", "x"), "attributes.a b"),
        row("attribute value (none)", x -> attrs(x).put("channel", "(none)"), "attributes.channel"),
        row(
            "attribute value (other)",
            x -> attrs(x).put("channel", "(other)"),
            "attributes.channel"),
        row("userId only dots", x -> x.put("userId", ".."), "userId"),
        row(
            "userCreatedAt before 1970",
            x -> x.put("userCreatedAt", "-300000000-01-01T00:00:00Z"),
            "userCreatedAt"),
        row("too many attributes", RecordingValidationTest::manyAttributes, "attributes"),
        row(
            "attributes over 4 KB together",
            x -> {
              for (int k = 0; k < 17; k++) {
                attrs(x).put("a" + k, "v".repeat(250));
              }
            },
            "attributes"),
        row("userCreatedAt not a date", x -> x.put("userCreatedAt", "yesterday"), "userCreatedAt"),
        row("unknown field", x -> x.put("campaign", "x"), "campaign"));
  }

  static Stream<Arguments> badOutcomes() {
    return Stream.of(
        row("eventId missing", o -> o.remove("eventId"), "eventId"),
        row("eventId bad", o -> o.put("eventId", "e/1"), "eventId"),
        row("userId missing", o -> o.remove("userId"), "userId"),
        row("type missing", o -> o.remove("type"), "type"),
        row("type unknown", o -> o.put("type", "return"), "type"),
        row("at missing", o -> o.remove("at"), "at"),
        row("at in the future", o -> o.put("at", NOW.plus(1, ChronoUnit.HOURS).toString()), "at"),
        row("at not a date", o -> o.put("at", 1700000000), "at"),
        row("value negative", o -> o.put("value", -1), "value"),
        row("value a string", o -> o.put("value", "12"), "value"),
        row("value absurd", o -> o.put("value", 1e15), "value"),
        row("value over 1e9", o -> o.put("value", new BigDecimal("1000000000.0001")), "value"),
        row("value five decimals", o -> o.put("value", new BigDecimal("0.00001")), "value"),
        row("at in year -999999999", o -> o.put("at", "-999999999-01-01T00:00:00Z"), "at"),
        row("value on activity", o -> o.put("type", "activity"), "value"),
        row("referredBy on purchase", o -> o.put("referredBy", "u2"), "referredBy"),
        row("referredBy self", RecordingValidationTest::selfReferral, "referredBy"),
        row("referredBy bad id", RecordingValidationTest::badReferrer, "referredBy"),
        row("unknown field", o -> o.put("campaignId", "x"), "campaignId"),
        row("survey kind unknown", o -> survey(o, "ces", 7), "survey"),
        row("survey kind missing", o -> survey(o, null, 7), "survey"),
        row("nps score 11", o -> survey(o, "nps", 11), "score"),
        row("nps score -1", o -> survey(o, "nps", -1), "score"),
        row("csat score 0", o -> survey(o, "csat", 0), "score"),
        row("csat score 6", o -> survey(o, "csat", 6), "score"),
        row("score 7.5", o -> survey(o, "nps", 7).put("score", new BigDecimal("7.5")), "score"),
        row("score \"7\"", o -> survey(o, "nps", 7).put("score", "7"), "score"),
        row("score missing", o -> survey(o, "nps", 7).remove("score"), "score"),
        row("survey on a purchase", o -> o.put("survey", "nps"), "survey"),
        row("score on a purchase", o -> o.put("score", 9), "score"),
        row("value on a survey", o -> survey(o, "nps", 9).put("value", 1), "value"),
        row("value on a cancellation", o -> o.put("type", "cancellation"), "value"),
        row("survey on a cancellation", RecordingValidationTest::surveyOnCancellation, "survey"));
  }

  /** Makes {@code o} a survey answer ({@code kind} null: without the survey field). */
  private static ObjectNode survey(ObjectNode o, String kind, int score) {
    o.put("type", "survey");
    o.remove("value");
    if (kind != null) {
      o.put("survey", kind);
    }
    return o.put("score", score);
  }

  private static void surveyOnCancellation(ObjectNode o) {
    o.put("type", "cancellation");
    o.remove("value");
    o.put("survey", "nps");
  }

  @ParameterizedTest(name = "exposure: {0}")
  @MethodSource("badExposures")
  void badExposureRejectsTheWholeBatch(String what, Consumer<ObjectNode> breakIt, String field) {
    String good = Campaigns.uniqueId("good");
    String bad = Campaigns.uniqueId("bad");
    ObjectNode broken = exposure(bad);
    breakIt.accept(broken);
    ObjectNode body = Http.JSON.createObjectNode();
    body.putArray("exposures").add(exposure(good)).add(broken);
    Http.Response r = http.post("/campaigns/" + campaignId + "/exposures", body.toString());
    assertRejected(r, 1, field, what);
    assertNoUser(good);
    assertNoUser(bad);
  }

  @ParameterizedTest(name = "outcome: {0}")
  @MethodSource("badOutcomes")
  void badOutcomeRejectsTheWholeBatch(String what, Consumer<ObjectNode> breakIt, String field) {
    String good = Campaigns.uniqueId("good");
    String bad = Campaigns.uniqueId("bad");
    ObjectNode broken = outcome(Campaigns.uniqueId("e"), bad);
    breakIt.accept(broken);
    String goodEvent = Campaigns.uniqueId("e");
    ObjectNode body = Http.JSON.createObjectNode();
    body.putArray("outcomes").add(outcome(goodEvent, good)).add(broken);
    Http.Response r = http.post("/outcomes", body.toString());
    assertRejected(r, 1, field, what);
    assertNoUser(good);
    assertNoUser(bad);
    assertTrue(
        backends
            .backend()
            .dynamo()
            .getItem(
                g ->
                    g.tableName(backends.backend().tables().eventIds())
                        .key(Map.of("eventId", AttributeValue.fromS(goodEvent))))
            .item()
            .isEmpty(),
        "the good event was not recorded either");
  }

  @Test
  void everyBadRecordIsListedByIndex() {
    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode records = body.putArray("outcomes");
    records.add(outcome("ok-1", "u1"));
    records.add(outcome("bad 2", "u1"));
    records.add(outcome("ok-3", "u1"));
    records.add(outcome("ok-4", "u 4").put("type", "dance"));
    Http.Response r = http.post("/outcomes", body.toString());
    assertEquals(400, r.status());
    JsonNode details = r.error().path("details");
    assertEquals(3, details.size(), details.toString());
    assertEquals(1, details.get(0).path("index").asInt());
    assertEquals("eventId", details.get(0).path("field").asText());
    assertEquals(3, details.get(1).path("index").asInt());
    assertEquals(3, details.get(2).path("index").asInt());
  }

  @Test
  void batchShapeAndSizeRules() {
    assertEquals(400, http.post("/outcomes", "{\"outcomes\": []}").status(), "empty batch");
    assertEquals(400, http.post("/outcomes", "{\"events\": []}").status(), "wrong field");
    assertEquals(400, http.post("/outcomes", "[]").status(), "not an object");
    assertEquals(400, http.post("/outcomes", "{\"outcomes\": [1,").status(), "bad JSON");
    ObjectNode big = Http.JSON.createObjectNode();
    ArrayNode records = big.putArray("outcomes");
    for (int i = 0; i < 1001; i++) {
      records.add(outcome("many-" + i, "u1"));
    }
    Http.Response tooMany = http.post("/outcomes", big.toString());
    assertEquals(400, tooMany.status());
    assertTrue(tooMany.namesField("outcomes"));
    ObjectNode huge = Http.JSON.createObjectNode();
    ArrayNode xs = huge.putArray("exposures");
    for (int i = 0; i < 900; i++) {
      xs.add(exposure("big-" + i).put("userCreatedAt", NOW.minus(1, ChronoUnit.DAYS).toString()));
      ((ObjectNode) xs.get(i).path("attributes")).put("note", "x".repeat(250));
      for (int k = 0; k < 4; k++) {
        ((ObjectNode) xs.get(i).path("attributes")).put("n" + k, "y".repeat(250));
      }
    }
    Http.Response tooLarge = http.post("/campaigns/" + campaignId + "/exposures", huge.toString());
    assertEquals(413, tooLarge.status());
    assertNoUser("big-0");
    Http.Response unknown =
        http.post("/campaigns/nope-" + campaignId + "/exposures", "{\"exposures\": []}");
    assertEquals(404, unknown.status());
  }

  private static void assertRejected(Http.Response r, int index, String field, String what) {
    assertEquals(400, r.status(), what + ": " + r.raw().body());
    assertEquals("invalid_request", r.error().path("code").asText());
    boolean named = false;
    for (JsonNode d : r.error().path("details")) {
      named |= d.path("index").asInt(-1) == index && d.path("field").asText().equals(field);
    }
    assertTrue(
        named, what + " should name record " + index + " field " + field + ": " + r.raw().body());
  }

  private static void assertNoUser(String userId) {
    assertTrue(
        backends
            .backend()
            .dynamo()
            .query(
                q ->
                    q.tableName(backends.backend().tables().users())
                        .keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(userId))))
            .items()
            .isEmpty(),
        "nothing written for " + userId);
  }

  private static Arguments row(String what, Consumer<ObjectNode> breakIt, String field) {
    return Arguments.of(what, breakIt, field);
  }

  private static ObjectNode attrs(ObjectNode x) {
    return (ObjectNode) x.get("attributes");
  }

  private static void afterEnd(ObjectNode x) {
    // The campaign ends in 30 days, which is in the future: move this campaign's end into the past
    // instead.
    x.put("at", NOW.plus(31, ChronoUnit.DAYS).toString());
  }

  private static void manyAttributes(ObjectNode x) {
    for (int i = 0; i < 21; i++) {
      attrs(x).put("a" + i, "v");
    }
  }

  private static void selfReferral(ObjectNode o) {
    o.put("type", "signup");
    o.remove("value");
    o.put("referredBy", o.get("userId").asText());
  }

  private static void badReferrer(ObjectNode o) {
    o.put("type", "signup");
    o.remove("value");
    o.put("referredBy", "not valid");
  }
}
