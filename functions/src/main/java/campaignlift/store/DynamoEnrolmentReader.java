package campaignlift.store;

import campaignlift.evaluation.EnrolmentReader;
import campaignlift.recording.Enrolment;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads one write shard ({@code pk = campaignId#shard}) of the enrolments table with a paginated
 * Query, mapping each item to an {@link Enrolment} ({@link EnrolmentItems}) and handing it on
 * before reading the next page: at most one page (≤ 1 MB) is held per shard. Items that cannot be
 * read are skipped, logged with their key and counted. A read can stop at a page boundary and
 * resume from the last key (a recompute task near its deadline, docs/aggregates.md). Eventually
 * consistent reads (half the read cost); an evaluation is a point-in-time estimate anyway.
 */
public record DynamoEnrolmentReader(DynamoDbClient dynamo, String table)
    implements EnrolmentReader {

  /**
   * The Query of one write shard, every page; public so the benchmarks' raw baseline reads exactly
   * what the evaluation reads.
   */
  public static QueryRequest shardQuery(String table, String campaignId, int shard) {
    return QueryRequest.builder()
        .tableName(table)
        .keyConditionExpression("#pk = :pk")
        .expressionAttributeNames(Map.of("#pk", "pk"))
        .expressionAttributeValues(
            Map.of(":pk", AttributeValues.s(EnrolmentItems.partition(campaignId, shard))))
        .build();
  }

  @Override
  public long readShard(String campaignId, int shard, Consumer<Enrolment> sink) {
    return readShard(campaignId, shard, null, () -> true, sink).skipped();
  }

  @Override
  public ShardRead readShard(
      String campaignId,
      int shard,
      String startAfter,
      BooleanSupplier more,
      Consumer<Enrolment> sink) {
    long skipped = 0;
    String partition = EnrolmentItems.partition(campaignId, shard);
    Map<String, AttributeValue> start =
        startAfter == null
            ? null
            : Map.of("pk", AttributeValues.s(partition), "userId", AttributeValues.s(startAfter));
    while (true) {
      QueryRequest.Builder page = shardQuery(table, campaignId, shard).toBuilder();
      if (start != null) {
        page.exclusiveStartKey(start);
      }
      QueryResponse response = dynamo.query(page.build());
      for (Map<String, AttributeValue> item : response.items()) {
        Enrolment e;
        try {
          e = EnrolmentItems.enrolment(item);
        } catch (RuntimeException unreadable) {
          // One bad item (written by hand, or by a version with another format) must not stop the
          // evaluation of every other enrolment: skip it, say which, count it.
          StoreLog.unreadable(
              table,
              Map.of(
                  "pk",
                  partition,
                  "userId",
                  item.containsKey("userId") ? item.get("userId").s() : "?"),
              unreadable);
          skipped++;
          continue;
        }
        sink.accept(e);
      }
      if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
        return new ShardRead(skipped, null);
      }
      start = response.lastEvaluatedKey();
      if (!more.getAsBoolean()) {
        return new ShardRead(skipped, start.get("userId").s());
      }
    }
  }
}
