package campaignlift.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A table's real change stream on DynamoDB Local, read with DescribeStream, GetShardIterator
 * (TRIM_HORIZON) and GetRecords, and each record turned into the JSON Lambda's event source mapping
 * delivers ({@code Records[]} of a DynamoDB stream event: eventName, userIdentity, dynamodb with
 * Keys, OldImage, NewImage, SequenceNumber, ApproximateCreationDateTime in epoch seconds).
 */
final class RawEnrolmentStream implements AutoCloseable {
  private final DynamoDbClient dynamo;
  private final DynamoDbStreamsClient streams;
  private final String table;

  RawEnrolmentStream(DynamoDbClient dynamo, String endpoint, String table) {
    this.dynamo = dynamo;
    this.table = table;
    this.streams =
        DynamoDbStreamsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(URI.create(endpoint))
            .build();
  }

  /** Turns the table's stream on (NEW_AND_OLD_IMAGES) unless it is on already. */
  void enable() {
    StreamSpecification spec =
        dynamo.describeTable(r -> r.tableName(table)).table().streamSpecification();
    if (spec == null || !Boolean.TRUE.equals(spec.streamEnabled())) {
      dynamo.updateTable(
          r ->
              r.tableName(table)
                  .streamSpecification(
                      s ->
                          s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    }
  }

  /**
   * Every record the stream holds now, in each shard's order (parents before children), as Lambda
   * event records; those of other partitions than {@code pkPrefix}… are left out.
   */
  List<ObjectNode> all(String pkPrefix) {
    String arn = dynamo.describeTable(r -> r.tableName(table)).table().latestStreamArn();
    List<Shard> shards = new ArrayList<>();
    String start = null;
    do {
      String from = start;
      StreamDescription d =
          streams
              .describeStream(r -> r.streamArn(arn).exclusiveStartShardId(from))
              .streamDescription();
      shards.addAll(d.shards());
      start = d.lastEvaluatedShardId();
    } while (start != null);
    List<ObjectNode> out = new ArrayList<>();
    for (Shard shard : shards) {
      String iterator =
          streams
              .getShardIterator(
                  r ->
                      r.streamArn(arn)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      // An open shard answers empty pages once caught up; the writes are done before this runs.
      while (iterator != null) {
        String it = iterator;
        GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(it).limit(1000));
        for (Record rec : page.records()) {
          if (rec.dynamodb().keys().get("pk").s().startsWith(pkPrefix)) {
            out.add(event(rec, arn));
          }
        }
        iterator = page.records().isEmpty() ? null : page.nextShardIterator();
      }
    }
    return out;
  }

  static ObjectNode event(Record rec, String arn) {
    ObjectNode e = Http.JSON.createObjectNode();
    e.put("eventID", rec.eventID());
    e.put("eventName", rec.eventNameAsString());
    e.put("eventVersion", "1.1");
    e.put("eventSource", "aws:dynamodb");
    e.put("awsRegion", "us-east-1");
    ObjectNode db = e.putObject("dynamodb");
    db.put(
        "ApproximateCreationDateTime",
        rec.dynamodb().approximateCreationDateTime().getEpochSecond());
    db.set("Keys", item(rec.dynamodb().keys()));
    if (rec.dynamodb().hasNewImage()) {
      db.set("NewImage", item(rec.dynamodb().newImage()));
    }
    if (rec.dynamodb().hasOldImage()) {
      db.set("OldImage", item(rec.dynamodb().oldImage()));
    }
    db.put("SequenceNumber", rec.dynamodb().sequenceNumber());
    db.put("SizeBytes", rec.dynamodb().sizeBytes());
    db.put("StreamViewType", rec.dynamodb().streamViewTypeAsString());
    if (rec.userIdentity() != null) {
      e.putObject("userIdentity")
          .put("type", rec.userIdentity().type())
          .put("principalId", rec.userIdentity().principalId());
    }
    e.put("eventSourceARN", arn);
    return e;
  }

  /** A Lambda event of the given records. */
  static String batch(List<ObjectNode> records) {
    ObjectNode event = Http.JSON.createObjectNode();
    ArrayNode array = event.putArray("Records");
    records.forEach(array::add);
    return event.toString();
  }

  private static ObjectNode item(Map<String, AttributeValue> item) {
    ObjectNode o = Http.JSON.createObjectNode();
    item.forEach((k, v) -> o.set(k, value(v)));
    return o;
  }

  private static ObjectNode value(AttributeValue v) {
    ObjectNode o = Http.JSON.createObjectNode();
    switch (v.type()) {
      case S -> o.put("S", v.s());
      case N -> o.put("N", v.n());
      case B -> o.put("B", base64(v.b()));
      case BOOL -> o.put("BOOL", v.bool());
      case NUL -> o.put("NULL", true);
      case M -> o.set("M", item(v.m()));
      case L -> {
        ArrayNode a = o.putArray("L");
        v.l().forEach(x -> a.add(value(x)));
      }
      case SS -> {
        ArrayNode a = o.putArray("SS");
        v.ss().forEach(a::add);
      }
      case NS -> {
        ArrayNode a = o.putArray("NS");
        v.ns().forEach(a::add);
      }
      case BS -> {
        ArrayNode a = o.putArray("BS");
        v.bs().forEach(x -> a.add(base64(x)));
      }
      // The SDK reads an empty map ("M": {}) as no value at all: an enrolment without attributes.
      case UNKNOWN_TO_SDK_VERSION -> o.putObject("M");
      default -> throw new IllegalArgumentException("unknown attribute type " + v);
    }
    return o;
  }

  private static String base64(SdkBytes b) {
    return Base64.getEncoder().encodeToString(b.asByteArray());
  }

  @Override
  public void close() {
    streams.close();
  }
}
