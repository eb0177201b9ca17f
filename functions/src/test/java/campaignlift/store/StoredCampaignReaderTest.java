package campaignlift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.CampaignItem;
import campaignlift.campaign.CampaignParser;
import campaignlift.campaign.StoredCampaign;
import campaignlift.campaign.UnreadableCampaign;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lenient reader against items built by the write path's own mapping, then damaged one
 * attribute at a time: each damage is an {@link UnreadableCampaign} whose reason names the
 * attribute but never repeats the stored value; what the code can still work with reads.
 */
class StoredCampaignReaderTest {
  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

  private static Map<String, AttributeValue> item() {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("name", "Spring promo").put("startAt", "2026-03-01T00:00:00Z");
    body.put("endAt", "2026-06-30T00:00:00Z").put("shards", 4);
    var groups = body.putArray("groups");
    groups.addObject().put("name", "control").put("weight", 0.1).put("control", true);
    groups.addObject().put("name", "coupon").put("weight", 0.9);
    return new HashMap<>(
        DynamoCampaignRepository.toItem(
            new StoredCampaign(CampaignParser.parse("c1", body), 3, T, T, T, null)));
  }

  private static Consumer<Map<String, AttributeValue>> definition(Consumer<ObjectNode> change) {
    return item -> {
      try {
        ObjectNode d = (ObjectNode) Json.MAPPER.readTree(item.get("definition").s());
        change.accept(d);
        item.put("definition", AttributeValue.fromS(d.toString()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  static Stream<Arguments> damage() {
    return Stream.of(
        Arguments.of(
            "end past year 9999",
            definition(d -> d.put("endAt", "+1000000000-01-01T17:59:59Z")),
            "definition.endAt",
            "1000000000"),
        Arguments.of(
            "start before year 1",
            definition(d -> d.put("startAt", "-999999999-01-01T00:00:00Z")),
            "definition.startAt",
            "999999999"),
        Arguments.of(
            "start not a date", definition(d -> d.put("startAt", "soon")), "startAt", "soon"),
        Arguments.of("no start", definition(d -> d.remove("startAt")), "startAt", null),
        Arguments.of(
            "huge window",
            definition(d -> d.put("windowDays", new java.math.BigDecimal("1e2147483647"))),
            "windowDays",
            "2147483647"),
        Arguments.of("fractional shards", definition(d -> d.put("shards", 2.5)), "shards", "2.5"),
        Arguments.of(
            "one group",
            definition(
                d -> ((com.fasterxml.jackson.databind.node.ArrayNode) d.get("groups")).remove(1)),
            "groups",
            null),
        Arguments.of(
            "no control",
            definition(d -> ((ObjectNode) d.get("groups").get(0)).put("control", false)),
            "control",
            null),
        Arguments.of(
            "unknown correction",
            definition(d -> d.put("correction", "bonferroni")),
            "correction",
            "bonferroni"),
        Arguments.of(
            "definition not JSON",
            put("definition", "{\"name\": \"secret"),
            "definition",
            "secret"),
        Arguments.of(
            "definition missing",
            (Consumer<Map<String, AttributeValue>>) i -> i.remove("definition"),
            "definition",
            null),
        Arguments.of("version a string", put("version", "seven"), "version", "seven"),
        Arguments.of("updatedAt garbled", put("updatedAt", "yesterday"), "updatedAt", "yesterday"));
  }

  /** A damage that stores {@code value} as the string attribute {@code name}. */
  private static Consumer<Map<String, AttributeValue>> put(String name, String value) {
    return i -> i.put(name, AttributeValue.fromS(value));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damage")
  void damagedItemsAreUnreadableWithAPlainReason(
      String what, Consumer<Map<String, AttributeValue>> change, String names, String value) {
    Map<String, AttributeValue> item = item();
    change.accept(item);
    CampaignItem read = StoredCampaignReader.read(item);
    UnreadableCampaign u = assertInstanceOf(UnreadableCampaign.class, read, what);
    assertEquals("c1", u.campaignId());
    assertTrue(u.reason().contains(names), u.reason());
    if (value != null) {
      assertFalse(u.reason().contains(value), "the reason never repeats the value: " + u.reason());
    }
  }

  @Test
  void anUnreadableItemKeepsTheBookkeepingItCanStillRead() {
    Map<String, AttributeValue> item = item();
    definition(d -> d.put("endAt", "+1000000000-01-01T17:59:59Z")).accept(item);
    UnreadableCampaign u = (UnreadableCampaign) StoredCampaignReader.read(item);
    assertEquals(3L, u.version());
    assertEquals(4, u.shards());
    assertEquals(T, u.exposuresStartedAt());
    assertNull(u.archivedAt());
    item.put("version", AttributeValue.fromS("seven"));
    item.put("archivedAt", AttributeValue.fromS(T.toString()));
    UnreadableCampaign v = (UnreadableCampaign) StoredCampaignReader.read(item);
    assertNull(v.version());
    assertEquals(T, v.archivedAt());
  }

  @Test
  void whatTheApiWouldRefuseButTheCodeCanUseStillReads() {
    Map<String, AttributeValue> item = item();
    definition(
            d -> {
              d.put("name", "n".repeat(5000)); // longer than the API allows
              d.put("colour", "red"); // a field of some other version
              d.remove("alpha");
              d.remove("correction");
              d.put("windowDays", 400); // over the API's 365
            })
        .accept(item);
    StoredCampaign c = assertInstanceOf(StoredCampaign.class, StoredCampaignReader.read(item));
    assertEquals(5000, c.campaign().name().length());
    assertEquals(0.05, c.campaign().alpha(), "default filled in");
    assertEquals(400, c.campaign().windowDays());
    assertEquals(
        List.of("control", "coupon"), c.campaign().groups().stream().map(g -> g.name()).toList());
  }

  @Test
  void pageTokensOnlyDecodeForTheirScopeAndAMatchingKey() {
    Map<String, AttributeValue> key = Map.of("campaignId", AttributeValue.fromS("c1"));
    String token = PageTokens.encode("GET /campaigns", key);
    assertEquals(key, PageTokens.decode("GET /campaigns", token, k -> true));
    assertThrows(
        IllegalArgumentException.class,
        () -> PageTokens.decode("GET /campaigns?archived=true", token, k -> true));
    assertThrows(
        IllegalArgumentException.class,
        () -> PageTokens.decode("GET /campaigns", token, k -> false));
    assertThrows(
        IllegalArgumentException.class, () -> PageTokens.decode("GET /campaigns", "%%", k -> true));
    assertNull(PageTokens.encode("GET /campaigns", Map.of()));
  }
}
