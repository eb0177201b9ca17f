package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Survey answers and cancellations (docs/api.md) through every door, end to end on the twin: the
 * HTTP API and the S3 import (JSON Lines and CSV) record them exactly once, bad rows are reported
 * and good ones recorded, and an enrolment's stored loyalty counters equal what its raw events
 * imply by docs/metrics.md's definitions — computed here from the events, not by the service's
 * code.
 */
class LoyaltyOutcomesTest extends TwinTest {
  private static final String BUCKET = LocalBackends.LOCAL_BUCKET;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final Duration WINDOW = Duration.ofDays(14); // the campaign default

  /** One raw outcome as a client sends it. */
  record Event(
      String eventId, String userId, String type, Instant at, String survey, Integer score) {
    ObjectNode json() {
      ObjectNode o = Http.JSON.createObjectNode();
      o.put("eventId", eventId).put("userId", userId).put("type", type).put("at", at.toString());
      if (type.equals("purchase")) {
        o.put("value", new BigDecimal("2.5"));
      }
      if (survey != null) {
        o.put("survey", survey).put("score", score);
      }
      return o;
    }
  }

  /** The stored loyalty counters in the shape the test computes them. */
  record Loyalty(
      long cancellations,
      long preCancellations,
      Long lastActiveAt,
      Long preLastActiveAt,
      String nps,
      String csat,
      String npsBefore,
      Long firstPurchaseAt,
      Long secondPurchaseAt,
      long purchases,
      long activity) {}

  // ---- exactly once ---------------------------------------------------------------------------

  @Test
  void aRedeliveredSurveyAnswerAndCancellationAreCountedOnce() {
    String campaign = campaign("loy-once");
    String u = user("once");
    expose(campaign, u, "2026-03-02T10:00:00Z");
    Instant at = Instant.parse("2026-03-03T10:00:00Z");
    Event answer = new Event(id("n"), u, "survey", at, "nps", 3);
    Event cancel = new Event(id("c"), u, "cancellation", at.plusSeconds(60), null, null);
    JsonNode first = post(answer, cancel);
    assertEquals(2, first.path("accepted").asInt(), first.toString());

    // The same events again, the answer now claiming another score: a redelivery changes nothing.
    Event redelivered = new Event(answer.eventId(), u, "survey", at, "nps", 9);
    JsonNode again = post(redelivered, cancel, cancel);
    assertEquals(0, again.path("accepted").asInt(), again.toString());
    assertEquals(3, again.path("duplicates").asInt(), again.toString());

    Map<String, AttributeValue> item = enrolment(campaign, u);
    assertEquals("1", item.get("cancellations").n());
    assertEquals("3", item.get("nps").m().get("score").n());
    assertEquals(answer.eventId(), item.get("nps").m().get("eventId").s());
    assertEquals(2, logEntries(u), "one log entry per distinct event");
  }

  // ---- stored counters equal what the events imply ---------------------------------------------

  @Test
  void storedLoyaltyCountersEqualWhatTheEventsImply() {
    String campaign = campaign("loy-fold");
    Random random = new Random(12);
    String[] types = {"activity", "purchase", "cancellation", "survey", "survey", "signup"};
    Map<String, Instant> t0 = new TreeMap<>();
    Map<String, List<Event>> byUser = new TreeMap<>();
    List<Event> all = new ArrayList<>();
    for (int u = 0; u < 5; u++) {
      String userId = user("fold" + u);
      Instant start = Instant.parse("2026-03-10T10:00:00.250Z").plus(Duration.ofHours(u));
      t0.put(userId, start);
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String type = types[random.nextInt(types.length)];
        // Whole seconds, a few apart, so ties and window edges occur; from before the pre-window
        // to past the window.
        Instant at =
            start.minus(WINDOW).minus(Duration.ofDays(3)).plusSeconds(3L * random.nextInt(6));
        at = at.plus(Duration.ofHours(random.nextInt(24 * 34)));
        if (i == 0) {
          at = start; // on t0 itself
        } else if (i == 1) {
          at = start.plus(WINDOW); // just outside the window
        }
        String survey = null;
        Integer score = null;
        if (type.equals("survey")) {
          survey = random.nextBoolean() ? "nps" : "csat";
          score = survey.equals("nps") ? random.nextInt(11) : 1 + random.nextInt(5);
        }
        events.add(new Event(id("f" + u + "-" + i), userId, type, at, survey, score));
      }
      // Two purchases at one instant in the window: both count (the second purchase is the tie).
      Instant twice = start.plus(Duration.ofDays(2));
      events.add(new Event(id("f" + u + "-p1"), userId, "purchase", twice, null, null));
      events.add(new Event(id("f" + u + "-p2"), userId, "purchase", twice, null, null));
      byUser.put(userId, events);
      all.addAll(events);
    }
    Collections.shuffle(all, random);
    int third = all.size() / 3;
    // A third of the events before any exposure; a later exposure enrols each user (counters from
    // the log); a third more; an earlier exposure moves t0 (rebuilt from the log); the last third
    // and some redeliveries update the moved enrolment event by event.
    postInBatches(all.subList(0, third), random);
    t0.forEach((u, at) -> expose(campaign, u, at.plus(Duration.ofDays(3)).toString()));
    postInBatches(all.subList(third, 2 * third), random);
    t0.forEach((u, at) -> expose(campaign, u, at.toString()));
    postInBatches(all.subList(2 * third, all.size()), random);
    postInBatches(all.subList(third / 2, third + third / 2), random);

    for (Map.Entry<String, List<Event>> e : byUser.entrySet()) {
      Map<String, AttributeValue> item = enrolment(campaign, e.getKey());
      assertNotNull(item, e.getKey());
      assertEquals(t0.get(e.getKey()).toEpochMilli(), Long.parseLong(item.get("t0").n()));
      assertEquals(expected(t0.get(e.getKey()), e.getValue()), stored(item), e.getKey());
    }
  }

  /** docs/metrics.md's loyalty definitions, from the raw events of one user enrolled at t0. */
  static Loyalty expected(Instant t0, List<Event> events) {
    Instant end = t0.plus(WINDOW);
    Instant pre = t0.minus(WINDOW);
    long cancellations = 0;
    long preCancellations = 0;
    long purchases = 0;
    long activity = 0;
    Instant last = null;
    Instant preLast = null;
    List<Instant> bought = new ArrayList<>();
    Map<String, Event> answers = new HashMap<>();
    Event before = null;
    for (Event e : events) {
      boolean in = !e.at().isBefore(t0) && e.at().isBefore(end);
      boolean inPre = !e.at().isBefore(pre) && e.at().isBefore(t0);
      switch (e.type()) {
        case "cancellation" -> {
          cancellations += in ? 1 : 0;
          preCancellations += inPre ? 1 : 0;
        }
        case "activity", "purchase" -> {
          if (in) {
            last = last == null || e.at().isAfter(last) ? e.at() : last;
          }
          if (inPre) {
            preLast = preLast == null || e.at().isAfter(preLast) ? e.at() : preLast;
          }
          if (in && e.type().equals("purchase")) {
            bought.add(e.at());
            purchases++;
          }
          activity += in && e.type().equals("activity") ? 1 : 0;
        }
        case "survey" -> {
          if (in && later(e, answers.get(e.survey()))) {
            answers.put(e.survey(), e);
          }
          if (e.survey().equals("nps") && e.at().isBefore(t0) && later(e, before)) {
            before = e;
          }
        }
        default -> {}
      }
    }
    Collections.sort(bought);
    return new Loyalty(
        cancellations,
        preCancellations,
        millis(last),
        millis(preLast),
        answer(answers.get("nps")),
        answer(answers.get("csat")),
        answer(before),
        bought.isEmpty() ? null : bought.get(0).toEpochMilli(),
        bought.size() < 2 ? null : bought.get(1).toEpochMilli(),
        purchases,
        activity);
  }

  /** Later answer wins; at the same instant the larger event id. */
  static boolean later(Event e, Event than) {
    if (than == null) {
      return true;
    }
    int c = e.at().compareTo(than.at());
    return c > 0 || (c == 0 && e.eventId().compareTo(than.eventId()) > 0);
  }

  static String answer(Event e) {
    return e == null ? null : e.at().toEpochMilli() + "/" + e.eventId() + "/" + e.score();
  }

  static Long millis(Instant at) {
    return at == null ? null : at.toEpochMilli();
  }

  /** The stored item's loyalty attributes, read raw. */
  static Loyalty stored(Map<String, AttributeValue> item) {
    return new Loyalty(
        Long.parseLong(item.get("cancellations").n()),
        Long.parseLong(item.get("preCancellations").n()),
        number(item, "lastActiveAt"),
        number(item, "preLastActiveAt"),
        storedAnswer(item.get("nps")),
        storedAnswer(item.get("csat")),
        storedAnswer(item.get("npsBefore")),
        number(item, "firstPurchaseAt"),
        number(item, "secondPurchaseAt"),
        Long.parseLong(item.get("purchases").n()),
        Long.parseLong(item.get("activity").n()));
  }

  static Long number(Map<String, AttributeValue> item, String name) {
    return item.containsKey(name) ? Long.parseLong(item.get(name).n()) : null;
  }

  static String storedAnswer(AttributeValue v) {
    if (v == null) {
      return null;
    }
    Map<String, AttributeValue> m = v.m();
    return m.get("at").n() + "/" + m.get("eventId").s() + "/" + m.get("score").n();
  }

  // ---- the S3 import ---------------------------------------------------------------------------

  @Test
  void importedSurveyAndCancellationRowsAreRecordedAndBadRowsReported() throws Exception {
    String campaign = campaign("loy-imp");
    String j = user("jsonl");
    String c = user("csv");
    expose(campaign, j, "2026-03-02T10:00:00Z");
    expose(campaign, c, "2026-03-02T10:00:00Z");

    String[] lines = {
      line(j, "j1", "survey", "2026-03-03T10:00:00Z", ", \"survey\": \"nps\", \"score\": 9"),
      line(j, "j2", "survey", "2026-03-03T11:00:00Z", ", \"survey\": \"nps\", \"score\": 7.5"),
      line(j, "j3", "survey", "2026-03-03T11:00:00Z", ", \"survey\": \"nps\", \"score\": \"7\""),
      line(j, "j4", "survey", "2026-03-04T10:00:00Z", ", \"survey\": \"csat\", \"score\": 4.0"),
      line(j, "j5", "survey", "2026-03-04T11:00:00Z", ", \"survey\": \"csat\", \"score\": 6"),
      line(j, "j6", "cancellation", "2026-03-05T10:00:00Z", ""),
      line(j, "j7", "cancellation", "2026-03-05T11:00:00Z", ", \"value\": 3"),
      line(j, "j8", "purchase", "2026-03-05T12:00:00Z", ", \"value\": 3, \"survey\": \"nps\""),
      line(j, "j9", "survey", "2026-03-05T12:00:00Z", ", \"survey\": \"ces\", \"score\": 3"),
    };
    String jsonl = "imports/outcomes/" + RUN + "/loyalty.jsonl";
    put(jsonl, String.join("\n", lines) + "\n");
    JsonNode report = importOne(jsonl);
    assertEquals(9, report.path("lines").asLong(), report.toString());
    assertEquals(3, report.path("accepted").asLong(), report.toString());
    assertEquals(6, report.path("invalid").asLong(), report.toString());
    assertEquals(
        List.of("2:score", "3:score", "5:score", "7:value", "8:survey", "9:survey"),
        problems("imports/outcomes/" + RUN + "/loyalty.errors.jsonl"));
    Map<String, AttributeValue> item = enrolment(campaign, j);
    assertEquals("9", item.get("nps").m().get("score").n());
    assertEquals("4", item.get("csat").m().get("score").n());
    assertEquals("1", item.get("cancellations").n());

    String csv =
        "eventId,userId,type,at,value,survey,score\r\n"
            + row("c1", c, "survey", "2026-03-03T10:00:00Z", "", "csat", "2")
            + row("c2", c, "survey", "2026-03-03T11:00:00Z", "", "csat", "2.5")
            + row("c3", c, "survey", "2026-03-03T12:00:00Z", "", "nps", "11")
            + row("c4", c, "survey", "2026-02-20T12:00:00Z", "", "nps", "10")
            + row("c5", c, "cancellation", "2026-03-06T10:00:00Z", "", "", "")
            + row("c6", c, "cancellation", "2026-03-06T11:00:00Z", "1", "", "")
            + row("c7", c, "purchase", "2026-03-06T12:00:00Z", "5", "", "3")
            + row("c8", c, "survey", "2026-03-06T12:00:00Z", "", "nps", "");
    String csvKey = "imports/outcomes/" + RUN + "/loyalty-rows.csv";
    put(csvKey, csv);
    JsonNode csvReport = importOne(csvKey);
    assertEquals(8, csvReport.path("lines").asLong(), csvReport.toString());
    assertEquals(3, csvReport.path("accepted").asLong(), csvReport.toString());
    // Lines count from the header (line 1).
    assertEquals(
        List.of("3:score", "4:score", "7:value", "8:score", "9:score"),
        problems("imports/outcomes/" + RUN + "/loyalty-rows.errors.jsonl"));
    Map<String, AttributeValue> csvItem = enrolment(campaign, c);
    assertEquals("2", csvItem.get("csat").m().get("score").n());
    assertEquals("10", csvItem.get("npsBefore").m().get("score").n());
    assertFalse(csvItem.containsKey("nps"), "an answer before t0 is not the window's answer");
    assertEquals("1", csvItem.get("cancellations").n());

    // Imported again: every good row is a duplicate, nothing changes.
    JsonNode again = importOne(csvKey);
    assertEquals(0, again.path("accepted").asLong(), again.toString());
    assertEquals(3, again.path("duplicates").asLong(), again.toString());
    Map<String, AttributeValue> after = new HashMap<>(enrolment(campaign, c));
    Map<String, AttributeValue> was = new HashMap<>(csvItem);
    after.remove("deliveries");
    was.remove("deliveries");
    assertEquals(was, after);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static String line(String userId, String event, String type, String at, String extra) {
    return "{\"eventId\": \""
        + id(event)
        + "\", \"userId\": \""
        + userId
        + "\", \"type\": \""
        + type
        + "\", \"at\": \""
        + at
        + "\""
        + extra
        + "}";
  }

  private static String row(String event, String userId, String... rest) {
    return id(event) + "," + userId + "," + String.join(",", rest) + "\r\n";
  }

  /** The error report's entries as {@code line:field} of each line's first problem. */
  private static List<String> problems(String key) throws Exception {
    String text = get(key);
    assertNotNull(text, "the error report " + key + " exists");
    List<String> out = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (!l.isBlank()) {
        JsonNode e = Http.JSON.readTree(l);
        out.add(e.path("line").asLong() + ":" + e.path("problems").get(0).path("field").asText());
      }
    }
    return out;
  }

  private static String user(String name) {
    return "loy-" + RUN + "-" + name;
  }

  private static String id(String name) {
    return "ev-" + RUN + "-" + name;
  }

  private static String campaign(String prefix) {
    String id = Campaigns.uniqueId(prefix);
    Http.Response r = http.put("/campaigns/" + id, Campaigns.valid().toString());
    assertEquals(201, r.status(), r.raw().body());
    return id;
  }

  private static void expose(String campaign, String userId, String at) {
    ObjectNode body = Http.JSON.createObjectNode();
    body.putArray("exposures").addObject().put("userId", userId).put("at", at);
    Http.Response r = http.post("/campaigns/" + campaign + "/exposures", body.toString());
    assertEquals(200, r.status(), r.raw().body());
  }

  private static JsonNode post(Event... events) {
    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode array = body.putArray("outcomes");
    for (Event e : events) {
      array.add(e.json());
    }
    Http.Response r = http.post("/outcomes", body.toString());
    assertEquals(200, r.status(), r.raw().body());
    return r.json();
  }

  private static void postInBatches(List<Event> events, Random random) {
    int i = 0;
    while (i < events.size()) {
      int n = Math.min(events.size() - i, 1 + random.nextInt(7));
      post(events.subList(i, i + n).toArray(new Event[0]));
      i += n;
    }
  }

  private static Map<String, AttributeValue> enrolment(String campaignId, String userId) {
    return StoredEnrolments.item(backends.backend(), campaignId, userId);
  }

  private static int logEntries(String userId) {
    return backends
        .backend()
        .dynamo()
        .query(
            q ->
                q.tableName(backends.backend().tables().users())
                    .consistentRead(true)
                    .keyConditionExpression("userId = :u AND begins_with(sk, :e)")
                    .expressionAttributeValues(
                        Map.of(
                            ":u", AttributeValue.fromS(userId), ":e", AttributeValue.fromS("E#"))))
        .count();
  }

  private static void put(String key, String content) {
    ImportFiles.put(backends, key, content);
  }

  private static String get(String key) {
    return ImportFiles.get(backends, key);
  }

  /** Imports {@code key}, which must be imported. */
  private static JsonNode importOne(String key) throws Exception {
    JsonNode report = ImportFiles.importOne(backends, key);
    assertTrue(report.path("status").asText().equals("imported"), report.toString());
    return report;
  }
}
