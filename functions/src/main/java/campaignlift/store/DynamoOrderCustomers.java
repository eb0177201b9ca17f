package campaignlift.store;

import static campaignlift.store.AttributeValues.n;
import static campaignlift.store.AttributeValues.s;

import campaignlift.webhook.OrderCustomers;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Shopify order-to-user mapping a refund needs (docs/shopify.md), kept in the event-ids table
 * beside the dedupe records and expiring with them ({@link DynamoRecordingStore#RETENTION}). The
 * key {@code shopify#order#<id>} has a {@code #}, which no event id may contain, so it can never
 * collide with an outcome's dedupe record; exposure dedupe keys start {@code x#}.
 */
public record DynamoOrderCustomers(DynamoDbClient dynamo, String table, Clock clock)
    implements OrderCustomers {
  static String key(String orderId) {
    return "shopify#order#" + orderId;
  }

  @Override
  public void remember(String orderId, String userId) {
    long expiresAt = clock.instant().plus(DynamoRecordingStore.RETENTION).getEpochSecond();
    // A plain put: a redelivered order writes the same user again.
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "eventId", s(key(orderId)),
                        "userId", s(userId),
                        "expiresAt", n(expiresAt))));
  }

  @Override
  public Optional<String> userOf(String orderId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table).key(Map.of("eventId", s(key(orderId)))).consistentRead(true))
            .item();
    AttributeValue user = item == null ? null : item.get("userId");
    return user == null || user.s() == null ? Optional.empty() : Optional.of(user.s());
  }
}
