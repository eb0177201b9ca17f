package campaignlift.local.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The stream function's raw baseline: a plain reader of the same table's stream on the same
 * endpoint — DescribeStream, GetShardIterator, GetRecords until every change of the campaign was
 * read — counting and discarding records. No Lambda event, no JSON, no folding, no writes.
 */
final class RawStreamReader implements AutoCloseable {
  /** GetRecords returns at most this many records (DynamoDB Streams API reference). */
  private static final int LIMIT = 1000;

  record Read(long records, double seconds, int shards) {
    double perSecond() {
      return records / seconds;
    }
  }

  private final DynamoDbStreamsClient streams;
  private final String streamArn;

  RawStreamReader(String endpoint, DynamoDbClient dynamo, String table) {
    this.streams =
        DynamoDbStreamsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(URI.create(endpoint))
            .build();
    this.streamArn = dynamo.describeTable(r -> r.tableName(table)).table().latestStreamArn();
    if (streamArn == null) {
      throw new IllegalStateException(table + " has no stream");
    }
  }

  /** Each shard's last sequence number now (untimed): where the next {@link #read} starts. */
  Map<String, String> ends() {
    Map<String, String> ends = new HashMap<>();
    for (Shard shard : shards()) {
      String it = iterator(shard.shardId(), null);
      String last = null;
      while (it != null) {
        String current = it;
        GetRecordsResponse r = streams.getRecords(b -> b.shardIterator(current).limit(LIMIT));
        if (r.records().isEmpty()) {
          break;
        }
        last = r.records().get(r.records().size() - 1).dynamodb().sequenceNumber();
        it = r.nextShardIterator();
      }
      if (last != null) {
        ends.put(shard.shardId(), last);
      }
    }
    return ends;
  }

  /**
   * Reads every shard after {@code ends} (from its trim horizon when new) until it is exhausted,
   * counting the records of {@code campaignId}'s enrolments; fails unless they are {@code
   * expected}.
   */
  Read read(Map<String, String> ends, String campaignId, long expected) {
    String prefix = campaignId + "#";
    long t = System.nanoTime();
    List<Shard> shards = shards();
    long count = 0;
    for (Shard shard : shards) {
      String it = iterator(shard.shardId(), ends.get(shard.shardId()));
      while (it != null) {
        String current = it;
        GetRecordsResponse r = streams.getRecords(b -> b.shardIterator(current).limit(LIMIT));
        if (r.records().isEmpty()) {
          break;
        }
        for (Record rec : r.records()) {
          AttributeValue pk = rec.dynamodb().keys().get("pk");
          if (pk != null && pk.s() != null && pk.s().startsWith(prefix)) {
            count++;
          }
        }
        it = r.nextShardIterator();
      }
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    if (count != expected) {
      throw new IllegalStateException(
          "the raw stream reader saw " + count + " changes of " + campaignId + ", not " + expected);
    }
    return new Read(count, seconds, shards.size());
  }

  private List<Shard> shards() {
    List<Shard> all = new ArrayList<>();
    String after = null;
    do {
      String start = after;
      var d = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(start));
      all.addAll(d.streamDescription().shards());
      after = d.streamDescription().lastEvaluatedShardId();
    } while (after != null);
    return all;
  }

  private String iterator(String shardId, String after) {
    return streams
        .getShardIterator(
            b -> {
              b.streamArn(streamArn).shardId(shardId);
              if (after == null) {
                b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
              } else {
                b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
              }
            })
        .shardIterator();
  }

  @Override
  public void close() {
    streams.close();
  }
}
