package campaignlift.store;

import static campaignlift.store.AttributeValues.n;
import static campaignlift.store.AttributeValues.s;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The event-ids table's items: one dedupe record per recorded event, written with {@code
 * attribute_not_exists(eventId)} so a redelivered event cancels its commit instead of counting
 * twice, and expiring by TTL (docs/write-path.md).
 */
public final class DedupeItems {
  /** The condition that makes a second write of the same record fail. */
  public static final String NOT_RECORDED = "attribute_not_exists(eventId)";

  private DedupeItems() {}

  public static Map<String, AttributeValue> key(String dedupeKey) {
    return Map.of("eventId", s(dedupeKey));
  }

  /** The record of {@code dedupeKey}, kept until {@code expiresAt} (epoch seconds). */
  public static Map<String, AttributeValue> item(String dedupeKey, long expiresAt) {
    return Map.of("eventId", s(dedupeKey), "expiresAt", n(expiresAt));
  }
}
