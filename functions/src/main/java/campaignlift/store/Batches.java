package campaignlift.store;

import campaignlift.support.Backoff;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * BatchGetItem in chunks of 100 keys, retrying {@code UnprocessedKeys} with backoff — the SDK
 * retries failed calls but not the partial successes DynamoDB reports inside a 200 response.
 */
final class Batches {
  static final int MAX_KEYS = 100;
  static final int MAX_ROUNDS = 20;

  /** Random sleeps below 20 ms, 40 ms, … up to half a second between rounds. */
  static final Backoff BACKOFF = new Backoff(10, 500);

  private Batches() {}

  static List<Map<String, AttributeValue>> get(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> keys,
      boolean consistent) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += MAX_KEYS) {
      Map<String, KeysAndAttributes> request = new HashMap<>();
      request.put(
          table,
          KeysAndAttributes.builder()
              .keys(keys.subList(i, Math.min(keys.size(), i + MAX_KEYS)))
              .consistentRead(consistent)
              .build());
      for (int round = 1; !request.isEmpty(); round++) {
        Map<String, KeysAndAttributes> current = request;
        BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(current));
        items.addAll(response.responses().getOrDefault(table, List.of()));
        request =
            response.hasUnprocessedKeys()
                ? new HashMap<>(response.unprocessedKeys())
                : new HashMap<>();
        request.values().removeIf(k -> k.keys().isEmpty());
        if (!request.isEmpty()) {
          if (round >= MAX_ROUNDS) {
            throw new IllegalStateException(
                "DynamoDB left keys unprocessed after " + MAX_ROUNDS + " rounds");
          }
          BACKOFF.sleep(round);
        }
      }
    }
    return items;
  }
}
