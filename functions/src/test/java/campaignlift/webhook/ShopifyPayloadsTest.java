package campaignlift.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.json.Json;
import campaignlift.webhook.ShopifyPayloads.Fields;
import campaignlift.webhook.ShopifyPayloads.Skip;
import campaignlift.webhook.ShopifyRecord.Field;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Shopify payloads, shaped as Shopify's documented examples (src/test/resources/shopify), turned
 * into our outcome fields (docs/shopify.md, "Field mapping").
 */
class ShopifyPayloadsTest {
  static JsonNode sample(String name) {
    try (InputStream in = ShopifyPayloadsTest.class.getResourceAsStream("/shopify/" + name)) {
      return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | Json.Malformed e) {
      throw new IllegalStateException(name, e);
    }
  }

  private static String text(Fields f, String field) {
    Field v = f.fields().get(field);
    return v == null ? null : v.text();
  }

  @Test
  void aPaidOrderIsAPurchaseOfItsTotalInShopMoney() {
    Fields f =
        assertInstanceOf(Fields.class, ShopifyPayloads.order(sample("orders-paid.json"), ""));
    // 64-bit ids keep every digit (a double would end ...154500).
    assertEquals("shopify:order:820982911946154508", text(f, "eventId"));
    assertEquals("115310627314723954", text(f, "userId"));
    assertEquals("purchase", text(f, "type"));
    assertEquals("2026-03-02T09:14:21-05:00", text(f, "at"));
    assertEquals("1575.90", text(f, "value"));
    assertEquals("820982911946154508", f.remembersOrder());
    assertNull(f.userOfOrder());
  }

  @Test
  void thePrefixGoesBeforeTheCustomerId() {
    Fields f =
        assertInstanceOf(Fields.class, ShopifyPayloads.order(sample("orders-paid.json"), "shop1:"));
    assertEquals("shop1:115310627314723954", text(f, "userId"));
    Fields c =
        assertInstanceOf(
            Fields.class, ShopifyPayloads.customer(sample("customers-create.json"), "shop1:"));
    assertEquals("shop1:706405506930370084", text(c, "userId"));
  }

  @Test
  void theShopsCurrencyIsUsedNotTheCustomers() {
    ObjectNode order = (ObjectNode) sample("orders-paid.json");
    ObjectNode set = (ObjectNode) order.path("total_price_set");
    ((ObjectNode) set.path("presentment_money")).put("amount", "2130.00");
    ((ObjectNode) set.path("presentment_money")).put("currency_code", "CAD");
    order.put("total_price", "2130.00");
    Fields f = assertInstanceOf(Fields.class, ShopifyPayloads.order(order, ""));
    assertEquals("1575.90", text(f, "value"));
  }

  @Test
  void guestCheckoutsAndTestOrdersAreSkippedWithTheReason() {
    ObjectNode guest = (ObjectNode) sample("orders-paid.json");
    guest.putNull("customer");
    Skip g = assertInstanceOf(Skip.class, ShopifyPayloads.order(guest, ""));
    assertTrue(g.reason().contains("guest checkout"), g.reason());
    guest.remove("customer");
    assertInstanceOf(Skip.class, ShopifyPayloads.order(guest, ""));

    ObjectNode test = (ObjectNode) sample("orders-paid.json");
    test.put("test", true);
    Skip t = assertInstanceOf(Skip.class, ShopifyPayloads.order(test, ""));
    assertTrue(t.reason().contains("test order"), t.reason());
  }

  @Test
  void aNewCustomerIsASignUpAtItsCreationTime() {
    Fields f =
        assertInstanceOf(
            Fields.class, ShopifyPayloads.customer(sample("customers-create.json"), ""));
    assertEquals("shopify:customer:706405506930370084", text(f, "eventId"));
    assertEquals("706405506930370084", text(f, "userId"));
    assertEquals("signup", text(f, "type"));
    assertEquals("2026-02-11T16:02:10-05:00", text(f, "at"));
    assertNull(f.fields().get("value"));
  }

  /** Shopify's test notification for customers/create has "created_at": null. */
  @Test
  void aCustomerWithoutCreationTimeIsATestNotification() {
    ObjectNode c = (ObjectNode) sample("customers-create.json");
    c.putNull("created_at");
    Skip s = assertInstanceOf(Skip.class, ShopifyPayloads.customer(c, ""));
    assertTrue(s.reason().contains("created_at"), s.reason());
  }

  @Test
  void aRefundIsTheMoneyItsTransactionsPaidBackForTheOrdersUser() {
    Fields f =
        assertInstanceOf(Fields.class, ShopifyPayloads.refund(sample("refunds-create.json")));
    assertEquals("shopify:refund:890088186047892319", text(f, "eventId"));
    assertNull(text(f, "userId"), "the user comes from the order");
    assertEquals("820982911946154508", f.userOfOrder());
    assertEquals("refund", text(f, "type"));
    assertEquals("2026-03-05T11:20:03-05:00", text(f, "at"));
    assertEquals("699.95", text(f, "value"));
    Fields withUser = f.withUser("u-1", "order");
    assertEquals("u-1", text(withUser, "userId"));
    assertNull(withUser.userOfOrder());
  }

  /**
   * Shopify's shipping refund example (Refund resource, "refund shipping"): a 5.00 transaction and
   * a shipping_refund order adjustment of -5.00 — either way 5 was paid back.
   */
  @Test
  void aShippingOnlyRefundCountsItsTransaction() throws Exception {
    JsonNode r =
        Json.read(
            "{\"id\":929361465,\"order_id\":450789469,\"processed_at\":\"2026-03-05T10:00:00-05:00\","
                + "\"total_duties_set\":{\"shop_money\":{\"amount\":\"0.00\",\"currency_code\":\"USD\"}},"
                + "\"refund_line_items\":[],\"transactions\":[{\"kind\":\"refund\",\"status\":\"success\","
                + "\"amount\":\"5.00\",\"currency\":\"USD\"}],\"order_adjustments\":[{\"kind\":"
                + "\"shipping_refund\",\"amount\":\"-5.00\",\"tax_amount\":\"0.00\",\"amount_set\":"
                + "{\"shop_money\":{\"amount\":\"-5.00\",\"currency_code\":\"USD\"}},\"tax_amount_set\":"
                + "{\"shop_money\":{\"amount\":\"0.00\",\"currency_code\":\"USD\"}}}]}");
    Fields f = assertInstanceOf(Fields.class, ShopifyPayloads.refund(r));
    assertEquals("5.00", text(f, "value"));
  }

  /**
   * A refund paid back in the customer's currency (EUR) in a shop that keeps USD: the value comes
   * from the shop-money amounts instead — line item 10.00 + tax 1.00, shipping refunded (-5.00) —
   * 16.00, not the 14.70 EUR of the transaction.
   */
  @Test
  void aRefundInAnotherCurrencyIsValuedInShopMoney() throws Exception {
    JsonNode r =
        Json.read(
            "{\"id\":1,\"order_id\":2,\"processed_at\":\"2026-03-05T10:00:00Z\","
                + "\"refund_line_items\":[{\"subtotal_set\":{\"shop_money\":{\"amount\":\"10.00\","
                + "\"currency_code\":\"USD\"},\"presentment_money\":{\"amount\":\"9.20\","
                + "\"currency_code\":\"EUR\"}},\"total_tax_set\":{\"shop_money\":{\"amount\":\"1.00\","
                + "\"currency_code\":\"USD\"}}}],\"order_adjustments\":[{\"kind\":\"shipping_refund\","
                + "\"amount_set\":{\"shop_money\":{\"amount\":\"-5.00\",\"currency_code\":\"USD\"}},"
                + "\"tax_amount_set\":{\"shop_money\":{\"amount\":\"0.00\",\"currency_code\":\"USD\"}}}],"
                + "\"transactions\":[{\"kind\":\"refund\",\"status\":\"success\",\"amount\":\"14.70\","
                + "\"currency\":\"EUR\"}]}");
    Fields f = assertInstanceOf(Fields.class, ShopifyPayloads.refund(r));
    assertEquals("16.00", text(f, "value"));
  }

  @Test
  void aRefundThatPaidNothingBackIsSkipped() {
    ObjectNode r = (ObjectNode) sample("refunds-create.json");
    ((ObjectNode) r.path("transactions").get(0)).put("status", "failure");
    Skip s = assertInstanceOf(Skip.class, ShopifyPayloads.refund(r));
    assertTrue(s.reason().contains("paid nothing back"), s.reason());
    r.putArray("transactions");
    assertInstanceOf(Skip.class, ShopifyPayloads.refund(r));
  }

  @Test
  void idsWrittenAsTextOrAsNumbersReadTheSame() throws Exception {
    assertEquals("820982911946154508", ShopifyPayloads.id(Json.read("820982911946154508")));
    assertEquals("820982911946154508", ShopifyPayloads.id(Json.read("\"820982911946154508\"")));
    assertNull(ShopifyPayloads.id(Json.read("null")));
    assertNull(ShopifyPayloads.id(Json.read("1.5")));
  }
}
