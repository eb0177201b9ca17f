package campaignlift.webhook;

import campaignlift.domain.ValueDomain;
import campaignlift.webhook.ShopifyRecord.Field;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shopify's webhook payloads turned into our outcome fields (docs/shopify.md, "Field mapping"):
 * pure, no I/O. An {@code orders/paid} order becomes a purchase, a {@code customers/create}
 * customer a sign-up, a {@code refunds/create} refund a refund whose user is the customer of its
 * order (looked up by the caller). What cannot become a record — a guest checkout, a test order, a
 * refund that paid nothing back — is a {@link Skip} with the reason.
 */
public final class ShopifyPayloads {
  public static final String ORDERS_PAID = "orders/paid";
  public static final String REFUNDS_CREATE = "refunds/create";
  public static final String CUSTOMERS_CREATE = "customers/create";

  /** The topics recorded; every other topic is answered 200 and skipped. */
  public static final Set<String> TOPICS = Set.of(ORDERS_PAID, REFUNDS_CREATE, CUSTOMERS_CREATE);

  private ShopifyPayloads() {}

  /** What one payload becomes. */
  public sealed interface Translation permits Fields, Skip {}

  /**
   * An outcome's fields, by our field name.
   *
   * @param remembersOrder an order id whose user to remember ({@code orders/paid}), or null
   * @param userOfOrder the order whose user the record is for ({@code refunds/create}), or null
   */
  public record Fields(Map<String, Field> fields, String remembersOrder, String userOfOrder)
      implements Translation {
    public Fields {
      fields = new LinkedHashMap<>(fields);
    }

    /** These fields with {@code userId} set (a refund's user, found through its order). */
    public Fields withUser(String userId, String source) {
      Map<String, Field> out = new LinkedHashMap<>(fields);
      out.put("userId", new Field(userId, source));
      return new Fields(out, remembersOrder, null);
    }
  }

  /** Nothing to record, and why (answered 200 so Shopify does not retry it). */
  public record Skip(String reason) implements Translation {}

  /** {@code orders/paid}: a purchase of the order's total in the shop's currency. */
  public static Translation order(JsonNode order, String userIdPrefix) {
    String id = id(order.path("id"));
    if (order.path("test").asBoolean(false)) {
      return new Skip(
          "order "
              + id
              + " is a test order (\"test\": true): Shopify's test notifications and orders paid"
              + " through its test gateway are not recorded");
    }
    String customer = id(order.path("customer").path("id"));
    if (customer == null) {
      return new Skip(
          "order " + id + " has no customer (a guest checkout): there is no user to credit");
    }
    Map<String, Field> f = new LinkedHashMap<>();
    f.put("eventId", new Field(id == null ? null : "shopify:order:" + id, "id"));
    f.put("userId", new Field(userIdPrefix + customer, "customer.id"));
    f.put("type", new Field("purchase", null));
    f.put("at", new Field(text(order.path("processed_at")), "processed_at"));
    JsonNode amount = order.path("total_price_set").path("shop_money").path("amount");
    f.put("value", new Field(text(amount), "total_price_set.shop_money.amount"));
    return new Fields(f, id, null);
  }

  /** {@code customers/create}: a sign-up at the customer's creation time. */
  public static Translation customer(JsonNode customer, String userIdPrefix) {
    String id = id(customer.path("id"));
    String created = text(customer.path("created_at"));
    if (created == null) {
      return new Skip(
          "customer "
              + id
              + " has no created_at: Shopify's test notifications carry none, real customers"
              + " always do");
    }
    Map<String, Field> f = new LinkedHashMap<>();
    f.put("eventId", new Field(id == null ? null : "shopify:customer:" + id, "id"));
    f.put("userId", new Field(id == null ? null : userIdPrefix + id, "id"));
    f.put("type", new Field("signup", null));
    f.put("at", new Field(created, "created_at"));
    return new Fields(f, null, null);
  }

  /**
   * {@code refunds/create}: a refund of the money paid back, in the shop's currency, at the
   * refund's processing time; its user is the customer of {@code order_id} ({@link
   * Fields#userOfOrder}).
   */
  public static Translation refund(JsonNode refund) {
    String id = id(refund.path("id"));
    Field value = refunded(refund);
    if (value == null) {
      return new Skip(
          "refund "
              + id
              + " paid nothing back (no transaction of kind \"refund\" with status \"success\")");
    }
    Map<String, Field> f = new LinkedHashMap<>();
    f.put("eventId", new Field(id == null ? null : "shopify:refund:" + id, "id"));
    f.put("userId", new Field(null, "order_id"));
    f.put("type", new Field("refund", null));
    String processed = text(refund.path("processed_at"));
    f.put(
        "at",
        processed != null
            ? new Field(processed, "processed_at")
            : new Field(text(refund.path("created_at")), "created_at"));
    f.put("value", value);
    return new Fields(f, null, id(refund.path("order_id")));
  }

  /**
   * The money a refund paid back, in the shop's currency (docs/shopify.md, "The refund's value"):
   * the sum of its successful refund transactions when they are in the shop's currency; when a
   * transaction is in another (the customer's presentment) currency, the shop-money amounts of the
   * refunded line items with their tax and of refunded shipping lines, less the order adjustments
   * (whose shipping refunds are negative). Null when no refund transaction succeeded.
   */
  static Field refunded(JsonNode refund) {
    List<JsonNode> paidBack = new ArrayList<>();
    for (JsonNode t : refund.path("transactions")) {
      if ("refund".equals(t.path("kind").asText()) && "success".equals(t.path("status").asText())) {
        paidBack.add(t);
      }
    }
    if (paidBack.isEmpty()) {
      return null;
    }
    String shop = shopCurrency(refund);
    boolean inShopCurrency = true;
    for (JsonNode t : paidBack) {
      String currency = text(t.path("currency"));
      inShopCurrency &= shop == null || currency == null || currency.equals(shop);
    }
    Sum sum = new Sum();
    if (inShopCurrency) {
      for (JsonNode t : paidBack) {
        sum.add(t.path("amount"), "transactions[kind=refund].amount", 1);
      }
      return sum.field("the sum of transactions[kind=refund,status=success].amount");
    }
    for (JsonNode line : refund.path("refund_line_items")) {
      sum.add(shopMoney(line.path("subtotal_set")), "refund_line_items[].subtotal_set", 1);
      sum.add(shopMoney(line.path("total_tax_set")), "refund_line_items[].total_tax_set", 1);
    }
    for (JsonNode line : refund.path("refund_shipping_lines")) {
      sum.add(
          shopMoney(line.path("subtotal_amount_set")),
          "refund_shipping_lines[].subtotal_amount_set",
          1);
    }
    for (JsonNode adjustment : refund.path("order_adjustments")) {
      sum.add(shopMoney(adjustment.path("amount_set")), "order_adjustments[].amount_set", -1);
      sum.add(
          shopMoney(adjustment.path("tax_amount_set")), "order_adjustments[].tax_amount_set", -1);
    }
    return sum.field(
        "shop money of refund_line_items, refund_shipping_lines and order_adjustments");
  }

  /** An exact sum of Shopify's decimal texts; the first unreadable one is kept as written. */
  private static final class Sum {
    private BigDecimal total = BigDecimal.ZERO;
    private Field bad;

    void add(JsonNode amount, String source, int sign) {
      if (amount.isMissingNode() || amount.isNull() || bad != null) {
        return;
      }
      BigDecimal d = decimal(amount);
      if (d == null) {
        bad = new Field(amount.asText(), source);
      } else {
        total = sign > 0 ? total.add(d) : total.subtract(d);
      }
    }

    Field field(String source) {
      return bad != null ? bad : new Field(total.toPlainString(), source);
    }
  }

  private static JsonNode shopMoney(JsonNode set) {
    return set.path("shop_money").path("amount");
  }

  /** The shop's currency as the payload's shop-money amounts name it, or null. */
  private static String shopCurrency(JsonNode refund) {
    List<JsonNode> sets = new ArrayList<>();
    sets.add(refund.path("total_duties_set"));
    refund.path("refund_line_items").forEach(l -> sets.add(l.path("subtotal_set")));
    refund.path("order_adjustments").forEach(a -> sets.add(a.path("amount_set")));
    refund.path("refund_shipping_lines").forEach(l -> sets.add(l.path("subtotal_amount_set")));
    for (JsonNode set : sets) {
      String code = text(set.path("shop_money").path("currency_code"));
      if (code != null) {
        return code;
      }
    }
    return null;
  }

  /** A decimal written as text or as a JSON number, inside the number envelope; else null. */
  private static BigDecimal decimal(JsonNode node) {
    String text = node.isNumber() ? node.decimalValue().toPlainString() : text(node);
    if (text == null || !ValueDomain.withinEnvelope(text)) {
      return null;
    }
    try {
      return new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A Shopify id as its exact digits: ids are 64-bit integers (beyond a double's 53 bits), so they
   * are read from the number as written, never through a double.
   */
  static String id(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    return text(node);
  }

  private static String text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
