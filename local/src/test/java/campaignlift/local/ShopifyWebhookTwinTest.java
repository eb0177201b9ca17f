package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.webhook.ShopifySignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /webhooks/shopify} on the twin over real HTTP, with payloads shaped as Shopify's
 * documented examples (src/test/resources/shopify) signed as Shopify signs them (docs/shopify.md):
 * a paid order delivered three times is one purchase; a wrong, missing or foreign signature is 401
 * and writes nothing; a refund nets the user's revenue down; a new customer is a sign-up. Every
 * answer is timed against Shopify's 5 s delivery timeout.
 *
 * <p>The twin takes the secret from the environment variable SHOPIFY_WEBHOOK_SECRET, which
 * local/pom.xml sets for the tests. Users are Shopify customer ids, random 18-digit numbers per
 * test, so no other test's user is touched.
 */
class ShopifyWebhookTwinTest extends TwinTest {
  /** Shopify drops a delivery not answered within 5 s and retries it. */
  private static final Duration SHOPIFY_TIMEOUT = Duration.ofSeconds(5);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String secret;
  private static final List<Long> answerMillis = new ArrayList<>();

  @BeforeAll
  static void secret() {
    secret = System.getenv("SHOPIFY_WEBHOOK_SECRET");
    assertNotNull(secret, "SHOPIFY_WEBHOOK_SECRET is set by local/pom.xml (surefire) for the twin");
  }

  /** What the deliveries measured: every one was asserted under 5 s as it came back. */
  @AfterAll
  static void reportAnswerTimes() {
    synchronized (answerMillis) {
      System.out.println(
          "Shopify webhook deliveries on the twin, answer times in ms: "
              + answerMillis.stream().sorted().toList());
    }
  }

  private record Delivery(int status, JsonNode body) {}

  /** Sends {@code body} as Shopify would; {@code signature} null sends no signature header. */
  private static Delivery deliver(String topic, byte[] body, String signature) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(backends.url() + "/webhooks/shopify"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("X-Shopify-Topic", topic)
            .header("X-Shopify-Shop-Domain", "campaign-lift-test.myshopify.com")
            .header("X-Shopify-API-Version", "2026-01")
            .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Shopify-Hmac-Sha256", signature);
    }
    try {
      long start = System.nanoTime();
      HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - start) / 1_000_000;
      synchronized (answerMillis) {
        answerMillis.add(millis);
      }
      assertTrue(
          millis < SHOPIFY_TIMEOUT.toMillis(),
          topic + " answered in " + millis + " ms, past Shopify's 5 s");
      return new Delivery(r.statusCode(), Http.JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Delivery signed(String topic, byte[] body) {
    return deliver(topic, body, ShopifySignature.sign(body, secret));
  }

  static ObjectNode sample(String name) {
    try (InputStream in = ShopifyWebhookTwinTest.class.getResourceAsStream("/shopify/" + name)) {
      return (ObjectNode) Http.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return Http.JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Shopify-sized id (18 digits, beyond a double's precision) no other test uses. */
  private static long shopifyId() {
    return ThreadLocalRandom.current().nextLong(100_000_000_000_000_000L, 900_000_000_000_000_000L);
  }

  private static ObjectNode order(long orderId, long customerId, String amount) {
    ObjectNode o = sample("orders-paid.json");
    o.put("id", orderId);
    o.put("admin_graphql_api_id", "gid://shopify/Order/" + orderId);
    ((ObjectNode) o.path("customer")).put("id", customerId);
    ((ObjectNode) o.path("total_price_set").path("shop_money")).put("amount", amount);
    ((ObjectNode) o.path("total_price_set").path("presentment_money")).put("amount", amount);
    o.put("total_price", amount);
    return o;
  }

  /** A campaign of March-June 2026 (the samples' times) with {@code userId} exposed on 1 March. */
  private static String campaignWith(String prefix, String userId) {
    String id = Campaigns.uniqueId(prefix);
    Http.Response c = http.put("/campaigns/" + id, Campaigns.valid().toString());
    assertEquals(201, c.status(), c.raw().body());
    ObjectNode body = Http.JSON.createObjectNode();
    body.putArray("exposures").addObject().put("userId", userId).put("at", "2026-03-01T12:00:00Z");
    Http.Response x = http.post("/campaigns/" + id + "/exposures", body.toString());
    assertEquals(200, x.status(), x.raw().body());
    return id;
  }

  private static Map<String, AttributeValue> enrolment(String campaignId, String userId) {
    Map<String, AttributeValue> item =
        StoredEnrolments.item(backends.backend(), campaignId, userId);
    assertNotNull(item, userId + " is enrolled in " + campaignId);
    return item;
  }

  /** The enrolment's revenue counter, written plainly ("70", "1575.9"). */
  private static String revenue(Map<String, AttributeValue> enrolment) {
    return new BigDecimal(enrolment.get("revenue").n()).stripTrailingZeros().toPlainString();
  }

  private static Map<String, AttributeValue> eventIdsItem(String key) {
    Map<String, AttributeValue> item =
        backends
            .backend()
            .dynamo()
            .getItem(
                r ->
                    r.tableName(backends.backend().tables().eventIds())
                        .consistentRead(true)
                        .key(Map.of("eventId", AttributeValue.fromS(key))))
            .item();
    return item == null || item.isEmpty() ? null : item;
  }

  @Test
  void aSignedPaidOrderDeliveredThreeTimesIsOnePurchase() {
    long orderId = shopifyId();
    long customer = shopifyId();
    String user = Long.toString(customer);
    String campaign = campaignWith("shopify-thrice", user);
    byte[] body = bytes(order(orderId, customer, "1575.90"));

    List<Delivery> deliveries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      deliveries.add(signed("orders/paid", body));
    }
    for (Delivery d : deliveries) {
      assertEquals(200, d.status(), d.body().toString());
      assertEquals("shopify:order:" + orderId, d.body().path("eventId").asText());
      assertEquals(user, d.body().path("userId").asText());
      assertEquals("purchase", d.body().path("type").asText());
    }
    assertEquals(1, deliveries.get(0).body().path("accepted").asInt());
    for (Delivery again : deliveries.subList(1, 3)) {
      assertEquals(0, again.body().path("accepted").asInt(), again.body().toString());
      assertEquals(1, again.body().path("duplicates").asInt(), again.body().toString());
    }
    Map<String, AttributeValue> e = enrolment(campaign, user);
    assertEquals("1", e.get("purchases").n());
    assertEquals("1575.9", revenue(e));
  }

  @Test
  void aBadMissingOrForeignSignatureIs401AndWritesNothing() {
    long orderId = shopifyId();
    long customer = shopifyId();
    String user = Long.toString(customer);
    String campaign = campaignWith("shopify-unsigned", user);
    byte[] body = bytes(order(orderId, customer, "100.00"));
    String signature = ShopifySignature.sign(body, secret);

    byte[] changed = body.clone();
    int at = new String(changed, java.nio.charset.StandardCharsets.UTF_8).indexOf("100.00");
    changed[at] = '9'; // "900.00": one byte, a different order
    List<Delivery> refused =
        List.of(
            deliver("orders/paid", changed, signature),
            deliver("orders/paid", body, null),
            deliver("orders/paid", body, ShopifySignature.sign(body, secret + "-other")));
    for (Delivery d : refused) {
      assertEquals(401, d.status(), d.body().toString());
      assertEquals("unauthorized", d.body().path("error").path("code").asText());
      assertTrue(d.body().toString().indexOf(Long.toString(orderId)) < 0, "no body echoed");
    }
    assertNull(eventIdsItem("shopify:order:" + orderId), "no dedupe record");
    assertNull(eventIdsItem("shopify#order#" + orderId), "no order mapping");
    Map<String, AttributeValue> e = enrolment(campaign, user);
    assertEquals("0", e.get("purchases").n());
    assertEquals("0", revenue(e));
  }

  @Test
  void aRefundNetsTheUsersRevenueDown() {
    long orderId = shopifyId();
    long refundId = shopifyId();
    long customer = shopifyId();
    String user = Long.toString(customer);
    String campaign = campaignWith("shopify-refund", user);
    assertEquals(200, signed("orders/paid", bytes(order(orderId, customer, "100.00"))).status());

    ObjectNode refund = sample("refunds-create.json");
    refund.put("id", refundId);
    refund.put("order_id", orderId);
    ObjectNode line = (ObjectNode) refund.path("refund_line_items").get(0);
    ((ObjectNode) line.path("subtotal_set").path("shop_money")).put("amount", "30.00");
    ((ObjectNode) line.path("subtotal_set").path("presentment_money")).put("amount", "30.00");
    line.put("subtotal", 30.0);
    ObjectNode transaction = (ObjectNode) refund.path("transactions").get(0);
    transaction.put("order_id", orderId);
    transaction.put("amount", "30.00");
    byte[] body = bytes(refund);
    Delivery first = signed("refunds/create", body);
    assertEquals(200, first.status(), first.body().toString());
    assertEquals("shopify:refund:" + refundId, first.body().path("eventId").asText());
    assertEquals(user, first.body().path("userId").asText(), "the order's customer");
    assertEquals("refund", first.body().path("type").asText());
    assertEquals(1, first.body().path("accepted").asInt());
    assertEquals(1, signed("refunds/create", body).body().path("duplicates").asInt());

    Map<String, AttributeValue> e = enrolment(campaign, user);
    assertEquals("70", revenue(e), "100 paid, 30 refunded");
    assertEquals("1", e.get("purchases").n(), "a refund is not a purchase less");
  }

  @Test
  void aNewCustomerIsASignUp() {
    long customer = shopifyId();
    String user = Long.toString(customer);
    String campaign = campaignWith("shopify-signup", user);
    ObjectNode c = sample("customers-create.json");
    c.put("id", customer);
    c.put("created_at", "2026-03-03T10:00:00+01:00");
    Delivery d = signed("customers/create", bytes(c));
    assertEquals(200, d.status(), d.body().toString());
    assertEquals("shopify:customer:" + customer, d.body().path("eventId").asText());
    assertEquals("signup", d.body().path("type").asText());
    assertEquals("1", enrolment(campaign, user).get("signups").n());
  }

  /** Shopify retries anything but 2xx: what can never be recorded is answered 200 with why. */
  @Test
  void guestOrdersTestOrdersUnknownTopicsAndUnknownOrdersAre200Skipped() {
    ObjectNode guest = order(shopifyId(), shopifyId(), "10.00");
    guest.putNull("customer");
    ObjectNode test = order(shopifyId(), shopifyId(), "10.00");
    test.put("test", true);
    ObjectNode refund = sample("refunds-create.json");
    refund.put("id", shopifyId());
    refund.put("order_id", shopifyId());
    Map<String, byte[]> cases =
        Map.of(
            "guest checkout", bytes(guest),
            "test order", bytes(test),
            "has no recorded customer", bytes(refund),
            "is not recorded", bytes(guest));
    for (Map.Entry<String, byte[]> c : cases.entrySet()) {
      String topic =
          c.getKey().equals("is not recorded")
              ? "products/create"
              : c.getKey().equals("has no recorded customer") ? "refunds/create" : "orders/paid";
      Delivery d = signed(topic, c.getValue());
      assertEquals(200, d.status(), d.body().toString());
      assertTrue(d.body().path("skipped").asText().contains(c.getKey()), d.body().toString());
    }
  }

  @Test
  void aRecordTheRulesRefuseIs422NamingTheShopifyField() {
    ObjectNode o = order(shopifyId(), shopifyId(), "100.00");
    o.put("processed_at", "2026-13-45T99:00:00Z");
    Delivery d = signed("orders/paid", bytes(o));
    assertEquals(422, d.status(), d.body().toString());
    assertEquals("invalid_record", d.body().path("error").path("code").asText());
    assertEquals(
        "at (processed_at)", d.body().path("error").path("details").get(0).path("field").asText());
  }

  /** The pure tests in functions/ read their own copy of the samples: the two never drift. */
  @Test
  void theSamplesAreTheSameInBothModules() throws IOException {
    Path root = TestBackends.projectRoot();
    for (String name :
        List.of("orders-paid.json", "refunds-create.json", "customers-create.json")) {
      assertArrayEquals(
          Files.readAllBytes(root.resolve("local/src/test/resources/shopify").resolve(name)),
          Files.readAllBytes(root.resolve("functions/src/test/resources/shopify").resolve(name)),
          name);
    }
  }
}
