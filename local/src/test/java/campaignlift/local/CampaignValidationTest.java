package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every docs/api.md campaign rule, one bad body per row, over HTTP: each gets a 400 whose details
 * name the field, and nothing is stored.
 */
class CampaignValidationTest {
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    http = new Http(TestBackends.get().url());
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        row("name missing", b -> b.remove("name"), "name"),
        row("name blank", b -> b.put("name", "  "), "name"),
        row("name not a string", b -> b.put("name", 5), "name"),
        row("name too long", b -> b.put("name", "n".repeat(201)), "name"),
        row("startAt missing", b -> b.remove("startAt"), "startAt"),
        row("startAt without offset", b -> b.put("startAt", "2026-03-01T00:00:00"), "startAt"),
        row("startAt not a date", b -> b.put("startAt", "yesterday"), "startAt"),
        row("endAt before startAt", b -> b.put("endAt", "2026-02-01T00:00:00Z"), "endAt"),
        row("startAt before 1970", b -> b.put("startAt", "1969-12-31T23:59:59Z"), "startAt"),
        row("endAt beyond 9999", b -> b.put("endAt", "+999999999-12-31T23:59:59-18:00"), "endAt"),
        row("endAt equal to startAt", b -> b.put("endAt", "2026-03-01T00:00:00Z"), "endAt"),
        row("windowDays zero", b -> b.put("windowDays", 0), "windowDays"),
        row("windowDays over 365", b -> b.put("windowDays", 366), "windowDays"),
        row("windowDays fractional", b -> b.put("windowDays", 7.5), "windowDays"),
        row("windowDays a string", b -> b.put("windowDays", "14"), "windowDays"),
        row("newUserDays zero", b -> b.put("newUserDays", 0), "newUserDays"),
        row("groups missing", b -> b.remove("groups"), "groups"),
        row("groups not an array", b -> b.put("groups", "control"), "groups"),
        row("one group", b -> groups(b).remove(1), "groups"),
        row("eleven groups", CampaignValidationTest::elevenGroups, "groups"),
        row("no control", b -> group(b, 0).put("control", false), "groups"),
        row("two controls", b -> group(b, 1).put("control", true), "groups"),
        row("weights sum below 1", b -> group(b, 1).put("weight", 0.8), "groups"),
        row("weight zero", b -> group(b, 1).put("weight", 0), "groups[1].weight"),
        row("weight negative", b -> group(b, 1).put("weight", -0.1), "groups[1].weight"),
        row("weight missing", b -> group(b, 1).remove("weight"), "groups[1].weight"),
        row("weight a string", b -> group(b, 1).put("weight", "0.9"), "groups[1].weight"),
        row("group name missing", b -> group(b, 1).remove("name"), "groups[1].name"),
        row("group name bad chars", b -> group(b, 1).put("name", "co upon"), "groups[1].name"),
        row("group names repeat", b -> group(b, 1).put("name", "control"), "groups[1].name"),
        row(
            "group control not boolean",
            b -> group(b, 0).put("control", "yes"),
            "groups[0].control"),
        row("group unknown field", b -> group(b, 1).put("share", 1), "groups[1].share"),
        row(
            "group not an object",
            b -> groups(b).set(1, Http.JSON.getNodeFactory().textNode("x")),
            "groups[1]"),
        row("six segment attributes", CampaignValidationTest::sixSegments, "segmentAttributes"),
        row("segment attribute bad", b -> segments(b).add("a b"), "segmentAttributes[1]"),
        row("segment attribute repeated", b -> segments(b).add("channel"), "segmentAttributes[1]"),
        row("segment attribute reserved", b -> segments(b).add("userType"), "segmentAttributes[1]"),
        row("alpha zero", b -> b.put("alpha", 0), "alpha"),
        row("alpha one half", b -> b.put("alpha", 0.5), "alpha"),
        row("alpha a string", b -> b.put("alpha", "0.05"), "alpha"),
        row("sequential not boolean", b -> b.put("sequential", "true"), "sequential"),
        row("cuped not boolean", b -> b.put("cuped", 1), "cuped"),
        row("correction unknown", b -> b.put("correction", "bonferroni"), "correction"),
        row("cost negative", b -> b.put("cost", -1), "cost"),
        row("cost a string", b -> b.put("cost", "100"), "cost"),
        row("cost over 1e9", b -> b.put("cost", 1e10), "cost"),
        row("group name only dots", b -> group(b, 1).put("name", ".."), "groups[1].name"),
        row("segment attribute only dots", b -> segments(b).add("..."), "segmentAttributes[1]"),
        row("shards zero", b -> b.put("shards", 0), "shards"),
        row("shards too many", b -> b.put("shards", 100000), "shards"),
        row("unknown field", b -> b.put("windowDay", 14), "windowDay"),
        row("campaignId differs from path", b -> b.put("campaignId", "other"), "campaignId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void badCampaignIs400NamingTheFieldAndWritesNothing(
      String description, Consumer<ObjectNode> breakIt, String field) {
    String id = Campaigns.uniqueId("invalid");
    ObjectNode body = Campaigns.valid();
    breakIt.accept(body);
    Http.Response r = http.put("/campaigns/" + id, body.toString());
    assertEquals(400, r.status(), description + ": " + r.raw().body());
    assertEquals("invalid_request", r.error().path("code").asText());
    assertTrue(r.namesField(field), description + " should name " + field + ": " + r.raw().body());
    assertEquals(404, http.get("/campaigns/" + id).status(), "nothing stored");
  }

  @ParameterizedTest(name = "body {0}")
  @MethodSource("notObjects")
  void bodyThatIsNotAnObjectIs400(String body) {
    Http.Response r = http.put("/campaigns/" + Campaigns.uniqueId("shape"), body);
    assertEquals(400, r.status(), r.raw().body());
  }

  static Stream<String> notObjects() {
    return Stream.of("[]", "42", "\"campaign\"", "null", "", "{} {}");
  }

  @ParameterizedTest(name = "id {0}")
  @MethodSource("badIds")
  void badCampaignIdIs400(String id) {
    Http.Response r = http.put("/campaigns/" + id, Campaigns.valid().toString());
    assertEquals(400, r.status(), r.raw().body());
    assertTrue(r.namesField("campaignId"));
  }

  static Stream<String> badIds() {
    return Stream.of("has%20space", "x".repeat(129), "caf%C3%A9", "a%2Fb", "...", "....");
  }

  private static Arguments row(String description, Consumer<ObjectNode> breakIt, String field) {
    return Arguments.of(description, breakIt, field);
  }

  private static ArrayNode groups(ObjectNode b) {
    return b.withArray("groups");
  }

  private static ObjectNode group(ObjectNode b, int i) {
    return (ObjectNode) groups(b).get(i);
  }

  private static ArrayNode segments(ObjectNode b) {
    return b.withArray("segmentAttributes");
  }

  private static void elevenGroups(ObjectNode b) {
    ArrayNode groups = groups(b);
    groups.removeAll();
    groups.addObject().put("name", "g0").put("weight", 0.5).put("control", true);
    for (int i = 1; i <= 10; i++) {
      groups.addObject().put("name", "g" + i).put("weight", 0.05);
    }
  }

  private static void sixSegments(ObjectNode b) {
    ArrayNode s = segments(b);
    s.removeAll();
    for (int i = 0; i < 6; i++) {
      s.add("attr" + i);
    }
  }
}
