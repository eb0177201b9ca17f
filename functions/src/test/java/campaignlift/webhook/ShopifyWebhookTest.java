package campaignlift.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.webhook.ShopifyWebhook.Invalid;
import campaignlift.webhook.ShopifyWebhook.Malformed;
import campaignlift.webhook.ShopifyWebhook.NotConfigured;
import campaignlift.webhook.ShopifyWebhook.Skipped;
import campaignlift.webhook.ShopifyWebhook.Unsigned;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The door's decisions before anything is recorded (docs/shopify.md, "Status codes"): no secret,
 * bad signatures, topics and payloads that are skipped, and records the rules refuse. The recorder
 * is absent here, so any path that tried to record would fail the test; recording itself is shown
 * on the twin (ShopifyWebhookTwinTest in local/).
 */
class ShopifyWebhookTest {
  private static final String SECRET = "unit-test-secret";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC);

  /** Remembers calls, so a test can show nothing was written. */
  private static final class Orders implements OrderCustomers {
    final Map<String, String> users = new HashMap<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public void remember(String orderId, String userId) {
      calls.add("remember " + orderId);
      users.put(orderId, userId);
    }

    @Override
    public Optional<String> userOf(String orderId) {
      calls.add("userOf " + orderId);
      return Optional.ofNullable(users.get(orderId));
    }
  }

  private final Orders orders = new Orders();
  private final ShopifyWebhook webhook = new ShopifyWebhook(() -> SECRET, orders, null, "", CLOCK);

  private static byte[] sample(String name) {
    try (InputStream in = ShopifyWebhookTest.class.getResourceAsStream("/shopify/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(name, e);
    }
  }

  private static Map<String, String> headers(String topic, byte[] body, String secret) {
    Map<String, String> h = new HashMap<>();
    h.put("x-shopify-topic", topic);
    h.put("x-shopify-hmac-sha256", ShopifySignature.sign(body, secret));
    h.put("x-shopify-webhook-id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043");
    return h;
  }

  @Test
  void withoutASecretNothingCanBeVerified() {
    ShopifyWebhook off = new ShopifyWebhook(WebhookSecret.none(), orders, null, "", CLOCK);
    byte[] body = sample("orders-paid.json");
    assertInstanceOf(NotConfigured.class, off.deliver(headers("orders/paid", body, SECRET), body));
    assertEquals(List.of(), orders.calls);
  }

  @Test
  void unsignedOrWronglySignedDeliveriesTouchNothing() {
    byte[] body = sample("orders-paid.json");
    Map<String, String> missing = headers("orders/paid", body, SECRET);
    missing.remove("x-shopify-hmac-sha256");
    Unsigned m = assertInstanceOf(Unsigned.class, webhook.deliver(missing, body));
    assertTrue(m.reason().contains("missing"), m.reason());
    assertInstanceOf(
        Unsigned.class, webhook.deliver(headers("orders/paid", body, "another-secret"), body));
    byte[] changed = body.clone();
    changed[10] = (byte) (changed[10] == '1' ? '2' : '1');
    assertInstanceOf(
        Unsigned.class, webhook.deliver(headers("orders/paid", body, SECRET), changed));
    // Even an unknown topic is judged by its signature first.
    assertInstanceOf(
        Unsigned.class, webhook.deliver(headers("products/create", body, "another"), body));
    assertEquals(List.of(), orders.calls);
  }

  @Test
  void unknownTopicsAndUnreadableBodiesAreAnsweredNotRetried() {
    byte[] body = sample("orders-paid.json");
    Skipped s =
        assertInstanceOf(
            Skipped.class, webhook.deliver(headers("orders/create", body, SECRET), body));
    assertTrue(s.reason().contains("orders/create is not recorded"), s.reason());
    byte[] notJson = "{\"id\": ".getBytes(StandardCharsets.UTF_8);
    assertInstanceOf(
        Malformed.class, webhook.deliver(headers("orders/paid", notJson, SECRET), notJson));
    byte[] array = "[1]".getBytes(StandardCharsets.UTF_8);
    assertInstanceOf(
        Malformed.class, webhook.deliver(headers("orders/paid", array, SECRET), array));
    assertEquals(List.of(), orders.calls);
  }

  @Test
  void aRefundOfAnOrderNeverSeenIsSkipped() {
    byte[] body = sample("refunds-create.json");
    Skipped s =
        assertInstanceOf(
            Skipped.class, webhook.deliver(headers("refunds/create", body, SECRET), body));
    assertTrue(
        s.reason().contains("order 820982911946154508 has no recorded customer"), s.reason());
    assertEquals(List.of("userOf 820982911946154508"), orders.calls);
  }

  /**
   * A record the rules refuse is 422 naming both fields, ours and Shopify's; nothing is remembered
   * or recorded (Shopify shows the answer in its webhook log).
   */
  @Test
  void aRecordTheRulesRefuseNamesTheShopifyField() {
    String order =
        new String(sample("orders-paid.json"), StandardCharsets.UTF_8)
            .replace(
                "\"processed_at\":\"2026-03-02T09:14:21-05:00\"", "\"processed_at\":\"yesterday\"")
            .replace(
                "\"total_price_set\":{\"shop_money\":{\"amount\":\"1575.90\"",
                "\"total_price_set\":{\"shop_money\":{\"amount\":\"-1575.90\"");
    byte[] body = order.getBytes(StandardCharsets.UTF_8);
    Invalid i =
        assertInstanceOf(
            Invalid.class, webhook.deliver(headers("orders/paid", body, SECRET), body));
    List<String> fields = i.problems().stream().map(p -> p.field()).sorted().toList();
    assertEquals(List.of("at (processed_at)", "value (total_price_set.shop_money.amount)"), fields);
    assertEquals(List.of(), orders.calls);
  }

  /** An order in the future beyond the clock-skew allowance is refused like any outcome. */
  @Test
  void theOneValueDomainApplies() {
    String order =
        new String(sample("orders-paid.json"), StandardCharsets.UTF_8)
            .replace(
                "\"processed_at\":\"2026-03-02T09:14:21-05:00\"",
                "\"processed_at\":\"2026-03-11T00:00:00Z\"");
    byte[] body = order.getBytes(StandardCharsets.UTF_8);
    Invalid i =
        assertInstanceOf(
            Invalid.class, webhook.deliver(headers("orders/paid", body, SECRET), body));
    assertEquals("at (processed_at)", i.problems().get(0).field());
    assertTrue(i.problems().get(0).problem().contains("future"), i.problems().toString());
  }
}
