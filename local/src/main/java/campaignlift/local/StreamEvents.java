package campaignlift.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * The event Lambda hands a function for a batch of DynamoDB stream records, byte for byte in AWS's
 * shape (Lambda developer guide, "Using AWS Lambda with Amazon DynamoDB", the example event):
 * {@code {"Records": [...]}}, each record with its images in DynamoDB JSON.
 */
final class StreamEvents {
  static final ObjectMapper JSON = new ObjectMapper();

  private StreamEvents() {}

  /** The invocation payload for {@code records} read from the stream {@code streamArn}. */
  static byte[] event(List<Record> records, String streamArn, String region) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("Records");
    for (Record r : records) {
      array.add(record(r, streamArn, region));
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode record(Record r, String streamArn, String region) {
    ObjectNode o = JSON.createObjectNode();
    o.put("eventID", r.eventID());
    o.put("eventName", r.eventNameAsString());
    o.put("eventVersion", "1.1");
    o.put("eventSource", "aws:dynamodb");
    o.put("awsRegion", region);
    StreamRecord s = r.dynamodb();
    ObjectNode d = o.putObject("dynamodb");
    if (s.approximateCreationDateTime() != null) {
      d.put("ApproximateCreationDateTime", s.approximateCreationDateTime().getEpochSecond());
    }
    if (s.hasKeys()) {
      d.set("Keys", item(s.keys()));
    }
    if (s.hasNewImage()) {
      d.set("NewImage", item(s.newImage()));
    }
    if (s.hasOldImage()) {
      d.set("OldImage", item(s.oldImage()));
    }
    d.put("SequenceNumber", s.sequenceNumber());
    if (s.sizeBytes() != null) {
      d.put("SizeBytes", s.sizeBytes());
    }
    d.put("StreamViewType", s.streamViewTypeAsString());
    o.put("eventSourceARN", streamArn);
    // Deletes by TTL carry the service as the user (DynamoDB developer guide, "TTL and streams").
    if (r.userIdentity() != null) {
      ObjectNode u = o.putObject("userIdentity");
      u.put("type", r.userIdentity().type());
      u.put("principalId", r.userIdentity().principalId());
    }
    return o;
  }

  /**
   * An item (or key) in DynamoDB JSON: each attribute as {@code {"S": "x"}}, {@code {"N": "1"}}…
   */
  static ObjectNode item(Map<String, AttributeValue> item) {
    ObjectNode o = JSON.createObjectNode();
    item.forEach((name, value) -> o.set(name, value(value)));
    return o;
  }

  static ObjectNode value(AttributeValue v) {
    ObjectNode o = JSON.createObjectNode();
    switch (v.type()) {
      case S -> o.put("S", v.s());
      case N -> o.put("N", v.n());
      case B -> o.put("B", base64(v.b()));
      case BOOL -> o.put("BOOL", v.bool());
      case NUL -> o.put("NULL", true);
      case SS -> v.ss().forEach(o.putArray("SS")::add);
      case NS -> v.ns().forEach(o.putArray("NS")::add);
      case BS -> {
        ArrayNode a = o.putArray("BS");
        v.bs().forEach(b -> a.add(base64(b)));
      }
      case L -> {
        ArrayNode a = o.putArray("L");
        v.l().forEach(e -> a.add(value(e)));
      }
      case M -> o.set("M", item(v.m()));
      // The SDK reads an empty map ("M": {}) as no value at all: an enrolment without attributes.
      case UNKNOWN_TO_SDK_VERSION -> o.putObject("M");
    }
    return o;
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }
}
