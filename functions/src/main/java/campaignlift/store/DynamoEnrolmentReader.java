package campaignlift.store;

import campaignlift.evaluation.EnrolmentReader;
import campaignlift.recording.Enrolment;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads one write shard ({@code pk = campaignId#shard}) of the enrolments table with a paginated
 * Query, mapping each item to an {@link Enrolment} and handing it on before reading the next page:
 * at most one page (≤ 1 MB) is held per shard. Items that cannot be read are skipped, logged with
 * their key and counted. Eventually consistent reads (half the read cost); an evaluation is a
 * point-in-time estimate anyway.
 */
public final class DynamoEnrolmentReader implements EnrolmentReader {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoEnrolmentReader(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public long readShard(String campaignId, int shard, Consumer<Enrolment> sink) {
    long skipped = 0;
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest.Builder q =
          QueryRequest.builder()
              .tableName(table)
              .keyConditionExpression("#pk = :pk")
              .expressionAttributeNames(Map.of("#pk", "pk"))
              .expressionAttributeValues(
                  Map.of(":pk", AttributeValue.fromS(campaignId + "#" + shard)));
      if (start != null) {
        q.exclusiveStartKey(start);
      }
      QueryResponse page = dynamo.query(q.build());
      for (Map<String, AttributeValue> item : page.items()) {
        Enrolment e;
        try {
          e = DynamoRecordingStore.Items.enrolment(item);
        } catch (RuntimeException unreadable) {
          // One bad item (written by hand, or by a version with another format) must not stop the
          // evaluation of every other enrolment: skip it, say which, count it.
          StoreLog.unreadable(
              table,
              Map.of(
                  "pk",
                  campaignId + "#" + shard,
                  "userId",
                  item.containsKey("userId") ? item.get("userId").s() : "?"),
              unreadable);
          skipped++;
          continue;
        }
        sink.accept(e);
      }
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    return skipped;
  }
}
