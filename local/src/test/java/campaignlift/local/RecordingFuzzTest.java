package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Random JSON — and valid records with random damage, including the hostile numbers and instants of
 * docs/value-domain.md — thrown at both write endpoints of a twin on its own fresh DynamoDB: the
 * answer is always 2xx or 4xx (never a fault), and a 4xx leaves every table exactly as it was.
 * Cases come from a fixed seed, so every run sends the same bodies and a failure names its case.
 */
class RecordingFuzzTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final int TRIES = 100;

  /** Written forms spliced into bodies as raw JSON: the values that once broke the service. */
  private static final String[] HOSTILE_NUMBERS = {
    "1e2147483648",
    "-1e2147483648",
    "1e-999999999",
    "1e-131",
    "1e-27",
    "1e12",
    "1.00000000000000000000000000000000000001",
    "123456789012345678901234567890123456789",
    "1e400",
    "1e-400",
    "-0.0",
    "0.00001",
    "999999999.99999",
    "1000000000.0001",
    "9223372036854775808",
  };

  private static final String[] HOSTILE_INSTANTS = {
    "+999999999-12-31T23:59:59-18:00",
    "-999999999-01-01T00:00:00+18:00",
    "-300000000-01-01T00:00:00Z",
    "1969-12-31T23:59:59Z",
    "+10000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.9999Z",
    "2026-02-30T00:00:00Z",
  };

  private static final String[] FIELDS = {
    "userId", "at", "group", "eventId", "type", "value", "referredBy", "userCreatedAt", "extra"
  };

  private static FreshDynamoTwin twin;
  private static Http http;
  private static campaignlift.store.Backend backend;

  @BeforeAll
  static void start() throws Exception {
    twin = new FreshDynamoTwin();
    backend = twin.backend;
    http = twin.http;
    ObjectNode campaign = Campaigns.valid();
    campaign.put("startAt", NOW.minus(30, ChronoUnit.DAYS).toString());
    campaign.remove("endAt");
    assertEquals(201, http.put("/campaigns/fuzz", campaign.toString()).status());
  }

  @AfterAll
  static void stop() {
    twin.close();
  }

  @Test
  void exposuresNeverFaultAndRejectionsWriteNothing() {
    SplittableRandom random = new SplittableRandom(20261123L);
    for (int i = 0; i < TRIES; i++) {
      check(i, "/campaigns/fuzz/exposures", body(random, "exposures", RecordingFuzzTest::exposure));
    }
  }

  @Test
  void outcomesNeverFaultAndRejectionsWriteNothing() {
    SplittableRandom random = new SplittableRandom(20261124L);
    for (int i = 0; i < TRIES; i++) {
      check(i, "/outcomes", body(random, "outcomes", RecordingFuzzTest::outcome));
    }
  }

  private static void check(int i, String path, String body) {
    Map<String, Integer> before = counts();
    Http.Response r = http.post(path, body);
    String at = "case " + i + " (" + r.status() + "): " + body;
    assertTrue(r.status() >= 200 && r.status() < 500, at);
    if (r.status() >= 400) {
      assertTrue(r.json().path("error").has("code"), "error body: " + r.raw().body());
      assertEquals(before, counts(), "a rejected batch wrote something: " + at);
    }
  }

  /**
   * A body as raw text: usually 0–4 (possibly damaged) records, sometimes any JSON at all. Hostile
   * numbers are spliced in as text, since no JSON library would write them as numbers.
   */
  private static String body(
      SplittableRandom r, String field, Function<SplittableRandom, ObjectNode> record) {
    if (r.nextInt(7) == 0) {
      return anyJson(r, 3).toString();
    }
    ObjectNode body = F.objectNode();
    ArrayNode array = body.putArray(field);
    int n = r.nextInt(5);
    String text;
    Map<String, String> spliced = new java.util.HashMap<>();
    for (int k = 0; k < n; k++) {
      ObjectNode x = record.apply(r);
      damage(r, x, spliced);
      array.add(x);
    }
    text = body.toString();
    for (Map.Entry<String, String> e : spliced.entrySet()) {
      text = text.replace("\"" + e.getKey() + "\"", e.getValue());
    }
    return text;
  }

  private static ObjectNode exposure(SplittableRandom r) {
    ObjectNode x = F.objectNode();
    x.put("userId", "fz-" + word(r, "abcxyz-09", 1, 6));
    x.put("at", NOW.plus(r.nextInt(-40, 3), ChronoUnit.DAYS).toString());
    String[] groups = {"control", "coupon", null};
    String group = groups[r.nextInt(groups.length)];
    if (group != null) {
      x.put("group", group);
    }
    return x;
  }

  private static ObjectNode outcome(SplittableRandom r) {
    String id = word(r, "abc-09", 1, 8);
    String[] types = {"signup", "activity", "purchase", "return"};
    String type = types[r.nextInt(types.length)];
    int days = r.nextInt(-40, 2);
    ObjectNode o = F.objectNode();
    o.put("eventId", "fz-" + id);
    o.put("userId", "fz-u" + id.length());
    o.put("type", type);
    o.put("at", NOW.plus(days, ChronoUnit.DAYS).toString());
    if (type.equals("purchase")) {
      o.put("value", days * -1.5);
    }
    return o;
  }

  /**
   * A random damage to a valid record, or none (so valid batches get through too): a field removed,
   * set to any JSON, set to a hostile number or a hostile instant.
   */
  private static void damage(SplittableRandom r, ObjectNode x, Map<String, String> spliced) {
    String f = FIELDS[r.nextInt(FIELDS.length)];
    switch (r.nextInt(10)) {
      case 0, 1, 2 -> {}
      case 3, 4 -> x.remove(f);
      case 5, 6 -> x.set(f, anyJson(r, 2));
      case 7, 8 -> {
        String marker = "hostile-number-" + spliced.size() + "-" + r.nextInt(1_000_000);
        spliced.put(marker, HOSTILE_NUMBERS[r.nextInt(HOSTILE_NUMBERS.length)]);
        x.put(r.nextBoolean() ? "value" : f, marker);
      }
      default -> {
        String[] timeFields = {"at", "userCreatedAt"};
        x.put(
            timeFields[r.nextInt(timeFields.length)],
            HOSTILE_INSTANTS[r.nextInt(HOSTILE_INSTANTS.length)]);
      }
    }
  }

  /** Any JSON value up to {@code depth} levels deep. */
  static JsonNode anyJson(SplittableRandom r, int depth) {
    int kind = depth == 0 ? r.nextInt(6) : r.nextInt(8);
    switch (kind) {
      case 0:
        return F.nullNode();
      case 1:
        return F.booleanNode(r.nextBoolean());
      case 2:
        return F.numberNode(r.nextInt());
      case 3:
        double[] specials = {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 123.456};
        return F.numberNode(
            r.nextBoolean() ? specials[r.nextInt(specials.length)] : r.nextDouble(-1e6, 1e6));
      case 4:
        return F.textNode(word(r, "ab\u00e9\u4e2d\" \\/-.:@0", 0, 12));
      case 5:
        String[] texts = {"2026-11-01T00:00:00Z", "9999-12-31T23:59:59Z", "", "fz-1", "purchase"};
        return F.textNode(texts[r.nextInt(texts.length)]);
      case 6:
        ArrayNode a = F.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(anyJson(r, depth - 1));
        }
        return a;
      default:
        ObjectNode o = F.objectNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          o.set(word(r, "abcdefXYZ", 0, 6), anyJson(r, depth - 1));
        }
        return o;
    }
  }

  private static String word(SplittableRandom r, String chars, int min, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(min, max + 1); i > 0; i--) {
      b.append(chars.charAt(r.nextInt(chars.length())));
    }
    return b.toString();
  }

  private static Map<String, Integer> counts() {
    var t = backend.tables();
    return Map.of(
        "users", count(t.users()),
        "enrolments", count(t.enrolments()),
        "eventIds", count(t.eventIds()),
        "campaigns", count(t.campaigns()));
  }

  private static int count(String table) {
    int n = 0;
    for (var page : backend.dynamo().scanPaginator(s -> s.tableName(table).select(Select.COUNT))) {
      n += page.count();
    }
    return n;
  }
}
