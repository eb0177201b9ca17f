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
 * at most one page (≤ 1 MB) is held per shard. Eventually consistent reads (half the read cost); an
 * evaluation is a point-in-time estimate anyway.
 */
public final class DynamoEnrolmentReader implements EnrolmentReader {
  private final DynamoDbClient dynamo;
  private final String table;

  public DynamoEnrolmentReader(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  @Override
  public void readShard(String campaignId, int shard, Consumer<Enrolment> sink) {
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
        sink.accept(DynamoRecordingStore.Items.enrolment(item));
      }
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
  }
}
