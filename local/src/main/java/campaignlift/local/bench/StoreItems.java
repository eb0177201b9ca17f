package campaignlift.local.bench;

import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.LoggedEvent;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.UserRecord;
import campaignlift.store.DynamoRecordingStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The raw baselines' items, built through the write path's own mapping ({@link
 * DynamoRecordingStore.Items}) so both sides of a benchmark write exactly the same items; only the
 * values come from here.
 */
final class StoreItems {
  /** DynamoRecordingStore.RETENTION: 800 days. */
  static final long RETENTION_SECONDS = 800L * 24 * 3600;

  static final int WINDOW_DAYS = 14;

  private StoreItems() {}

  /** One enrolment's values. */
  record Values(
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

  static Map<String, AttributeValue> enrolmentItem(Values v) {
    Counters counters =
        new Counters(
            v.signups(),
            v.activity(),
            v.purchases(),
            v.revenue(),
            0,
            v.preActivity(),
            v.prePurchases(),
            v.preRevenue(),
            v.prePurchases() + v.purchases(),
            v.prePurchases());
    return DynamoRecordingStore.Items.enrolmentItem(
        new Enrolment(
            v.campaignId(),
            v.userId(),
            v.shard(),
            v.group(),
            Instant.ofEpochMilli(v.t0Millis()),
            WINDOW_DAYS,
            v.channel() == null ? Map.of() : Map.of("channel", v.channel()),
            Set.of(v.group()),
            1,
            Instant.ofEpochMilli(v.firstKnownAtMillis()),
            counters));
  }

  /** The user item ({@code sk = "U"}) with one enrolment reference. */
  static Map<String, AttributeValue> userItem(
      String userId, long version, long firstKnownAtMillis, String campaignId, int shard, long t0) {
    return DynamoRecordingStore.Items.userItem(
        new UserRecord(
            userId,
            version,
            Instant.ofEpochMilli(firstKnownAtMillis),
            Map.of(
                campaignId,
                new UserRecord.EnrolmentRef(shard, Instant.ofEpochMilli(t0), WINDOW_DAYS))));
  }

  /** A user's event-log entry. */
  static Map<String, AttributeValue> logItem(
      String userId, String eventId, String type, long atMillis, BigDecimal value, long expires) {
    return DynamoRecordingStore.Items.logItem(
        userId,
        new LoggedEvent(
            eventId, OutcomeType.fromWire(type), Instant.ofEpochMilli(atMillis), value, false),
        expires);
  }

  /** The event-ids table's dedupe record (as the write path's commit builds it). */
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
