package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Random JSON — and valid records with random damage — thrown at both write endpoints of a twin on
 * its own fresh DynamoDB: the answer is always 2xx or 4xx (never a fault), and a 4xx leaves every
 * table exactly as it was.
 */
class RecordingFuzzTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static LocalBackends fresh;
  private static HttpTwin twin;
  private static Http http;
  private static campaignlift.store.Backend backend;

  @BeforeContainer
  static void start() throws Exception {
    TestBackends shared = TestBackends.get();
    fresh = LocalBackends.start(null, null, shared.backends().s3Endpoint());
    fresh.provision(shared.template());
    backend = fresh.backend(shared.template(), null);
    twin =
        HttpTwin.start(
            shared.template(),
            new LocalFunctions(shared.template(), backend, Clock.systemUTC(), null),
            0);
    http = new Http(twin.url());
    ObjectNode campaign = Campaigns.valid();
    campaign.put("startAt", NOW.minus(30, ChronoUnit.DAYS).toString());
    campaign.remove("endAt");
    assertEquals(201, http.put("/campaigns/fuzz", campaign.toString()).status());
  }

  @AfterContainer
  static void stop() {
    twin.close();
    backend.close();
    fresh.close();
  }

  @Property(tries = 100, seed = "20261123")
  void exposuresNeverFaultAndRejectionsWriteNothing(@ForAll("exposureBodies") JsonNode body) {
    check("/campaigns/fuzz/exposures", body);
  }

  @Property(tries = 100, seed = "20261124")
  void outcomesNeverFaultAndRejectionsWriteNothing(@ForAll("outcomeBodies") JsonNode body) {
    check("/outcomes", body);
  }

  private static void check(String path, JsonNode body) {
    Map<String, Integer> before = counts();
    Http.Response r = http.post(path, body.toString());
    assertTrue(r.status() >= 200 && r.status() < 500, r.status() + " for " + body);
    if (r.status() >= 400) {
      assertTrue(r.json().path("error").has("code"), "error body: " + r.raw().body());
      assertEquals(before, counts(), "a rejected batch wrote something: " + body);
    }
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

  @Provide
  Arbitrary<JsonNode> exposureBodies() {
    Arbitrary<JsonNode> record =
        Combinators.combine(
                Arbitraries.strings().withChars("abcxyz-09").ofMinLength(1).ofMaxLength(6),
                Arbitraries.integers().between(-40, 2),
                Arbitraries.of("control", "coupon", null),
                mutations())
            .as(
                (user, days, group, damage) -> {
                  ObjectNode x = F.objectNode();
                  x.put("userId", "fz-" + user);
                  x.put("at", NOW.plus(days, ChronoUnit.DAYS).toString());
                  if (group != null) {
                    x.put("group", group);
                  }
                  return damage.apply(x);
                });
    return batches("exposures", record);
  }

  @Provide
  Arbitrary<JsonNode> outcomeBodies() {
    Arbitrary<JsonNode> record =
        Combinators.combine(
                Arbitraries.strings().withChars("abc-09").ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("signup", "activity", "purchase", "refund"),
                Arbitraries.integers().between(-40, 1),
                mutations())
            .as(
                (id, type, days, damage) -> {
                  ObjectNode o = F.objectNode();
                  o.put("eventId", "fz-" + id);
                  o.put("userId", "fz-u" + id.length());
                  o.put("type", type);
                  o.put("at", NOW.plus(days, ChronoUnit.DAYS).toString());
                  if (type.equals("purchase")) {
                    o.put("value", days * -1.5);
                  }
                  return damage.apply(o);
                });
    return batches("outcomes", record);
  }

  private static Arbitrary<JsonNode> batches(String field, Arbitrary<JsonNode> record) {
    Arbitrary<JsonNode> wellShaped =
        record
            .list()
            .ofMinSize(0)
            .ofMaxSize(4)
            .map(
                list -> {
                  ObjectNode body = F.objectNode();
                  ArrayNode array = body.putArray(field);
                  list.forEach(array::add);
                  return body;
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, wellShaped), net.jqwik.api.Tuple.of(1, anyJson(3)));
  }

  /** A random damage to a valid record, or none (so that valid batches get through too). */
  private static Arbitrary<java.util.function.UnaryOperator<ObjectNode>> mutations() {
    Arbitrary<String> field =
        Arbitraries.of("userId", "at", "group", "eventId", "type", "value", "referredBy", "extra");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just(x -> x)),
        net.jqwik.api.Tuple.of(
            2, field.map(f -> (java.util.function.UnaryOperator<ObjectNode>) x -> remove(x, f))),
        net.jqwik.api.Tuple.of(
            3,
            Combinators.combine(field, anyJson(2))
                .as((f, v) -> (java.util.function.UnaryOperator<ObjectNode>) x -> x.set(f, v))));
  }

  private static ObjectNode remove(ObjectNode x, String f) {
    x.remove(f);
    return x;
  }

  /** Any JSON value up to {@code depth} levels deep. */
  static Arbitrary<JsonNode> anyJson(int depth) {
    Arbitrary<JsonNode> leaf =
        Arbitraries.oneOf(
            Arbitraries.just(F.nullNode()),
            Arbitraries.of(true, false).map(F::booleanNode),
            Arbitraries.integers().map(F::numberNode),
            Arbitraries.doubles().map(F::numberNode),
            Arbitraries.strings().ofMaxLength(12).map(F::textNode),
            Arbitraries.of("2026-11-01T00:00:00Z", "9999-12-31T23:59:59Z", "", "fz-1", "purchase")
                .map(F::textNode));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<JsonNode> child = Arbitraries.lazy(() -> anyJson(depth - 1));
    Arbitrary<JsonNode> array =
        child.list().ofMaxSize(3).map(l -> (JsonNode) F.arrayNode().addAll(List.copyOf(l)));
    Arbitrary<JsonNode> object =
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), child)
            .ofMaxSize(3)
            .map(
                m -> {
                  ObjectNode o = F.objectNode();
                  m.forEach(o::set);
                  return o;
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf),
        net.jqwik.api.Tuple.of(1, array),
        net.jqwik.api.Tuple.of(1, object));
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }
}
