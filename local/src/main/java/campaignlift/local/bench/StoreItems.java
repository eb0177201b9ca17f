package campaignlift.local.bench;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The write path's item formats, copied from {@code DynamoRecordingStore.Items} (package-private in
 * functions/, so not callable from here). {@link IngestionBench} checks on every run that the items
 * written by the handlers have exactly these attribute names, so a change of format is caught.
 */
final class StoreItems {
  /** DynamoRecordingStore.RETENTION: 800 days. */
  static final long RETENTION_SECONDS = 800L * 24 * 3600;

  private StoreItems() {}

  /** One enrolment's values (the fields of {@code campaignlift.recording.Enrolment}). */
  record Enrolment(
      String campaignId,
      String userId,
      int shard,
      String group,
      long t0Millis,
      String channel,
      long firstKnownAtMillis,
      long signups,
      long activity,
      long purchases,
      BigDecimal revenue,
      long preActivity,
      long prePurchases,
      BigDecimal preRevenue) {}

  static Map<String, AttributeValue> enrolmentItem(Enrolment e) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("pk", s(e.campaignId() + "#" + e.shard()));
    item.put("userId", s(e.userId()));
    item.put("campaignId", s(e.campaignId()));
    item.put("group", s(e.group()));
    item.put("t0", n(e.t0Millis()));
    item.put("windowDays", n(14));
    Map<String, AttributeValue> attrs = new HashMap<>();
    if (e.channel() != null) {
      attrs.put("channel", s(e.channel()));
    }
    item.put("attributes", AttributeValue.fromM(attrs));
    item.put("groupsSeen", AttributeValue.fromSs(List.of(e.group())));
    item.put("exposureKeys", AttributeValue.fromSs(List.of(e.t0Millis() + "|" + e.group())));
    item.put("deliveries", n(1));
    item.put("conflict", AttributeValue.fromBool(false));
    item.put("firstKnownAt", n(e.firstKnownAtMillis()));
    item.put("signups", n(e.signups()));
    item.put("activity", n(e.activity()));
    item.put("purchases", n(e.purchases()));
    item.put("revenue", AttributeValue.fromN(e.revenue().toPlainString()));
    item.put("preSignups", n(0));
    item.put("preActivity", n(e.preActivity()));
    item.put("prePurchases", n(e.prePurchases()));
    item.put("preRevenue", AttributeValue.fromN(e.preRevenue().toPlainString()));
    item.put("purchasesBeforeEnd", n(e.prePurchases() + e.purchases()));
    item.put("purchasesBeforeStart", n(e.prePurchases()));
    return item;
  }

  /** The user item ({@code sk = "U"}) with one enrolment reference. */
  static Map<String, AttributeValue> userItem(
      String userId, long version, long firstKnownAtMillis, String campaignId, int shard, long t0) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("userId", s(userId));
    item.put("sk", s("U"));
    item.put("version", n(version));
    item.put("firstKnownAt", n(firstKnownAtMillis));
    item.put(
        "enrolments",
        AttributeValue.fromM(
            Map.of(
                campaignId, AttributeValue.fromM(Map.of("s", n(shard), "t", n(t0), "w", n(14))))));
    return item;
  }

  /** A user's event-log entry ({@code sk = "E#<millis>#<eventId>"}). */
  static Map<String, AttributeValue> logItem(
      String userId, String eventId, String type, long atMillis, BigDecimal value, long expires) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("userId", s(userId));
    item.put("sk", s("E#" + String.format("%015d", atMillis) + "#" + eventId));
    item.put("eventId", s(eventId));
    item.put("type", s(type));
    item.put("at", n(atMillis));
    item.put("value", AttributeValue.fromN(value.toPlainString()));
    item.put("referral", AttributeValue.fromBool(false));
    item.put("expiresAt", n(expires));
    return item;
  }

  /** The event-ids table's dedupe record. */
  static Map<String, AttributeValue> dedupeItem(String eventId, long expires) {
    return Map.of("eventId", s(eventId), "expiresAt", n(expires));
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }
}
