package campaignlift.store;

import campaignlift.aggregate.Change;
import campaignlift.aggregate.StreamEntry;
import campaignlift.aggregate.Unreadable;
import campaignlift.recording.Enrolment;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Records of the enrolments table's stream as Lambda delivers them (each {@code dynamodb} block
 * holds {@code Keys}, {@code NewImage}, {@code OldImage} in DynamoDB JSON) ⇄ {@link Change}: the
 * images are read by {@link EnrolmentItems}, like every other enrolment. A record that cannot be
 * read becomes an {@link Unreadable}, never an exception, so the rest of the batch is folded.
 */
public final class StreamRecords {
  private StreamRecords() {}

  public static StreamEntry decode(JsonNode record) {
    JsonNode db = record.path("dynamodb");
    String sequence = db.path("SequenceNumber").asText("");
    String partition;
    String userId;
    try {
      Map<String, AttributeValue> keys = item(db.get("Keys"));
      partition = keys.get("pk").s();
      userId = keys.get("userId").s();
      if (partition == null || userId == null || partition.lastIndexOf('#') < 0) {
        throw new IllegalArgumentException("keys are not an enrolment's (pk, userId)");
      }
    } catch (RuntimeException e) {
      return new Unreadable(sequence, null, "unreadable keys: " + e);
    }
    try {
      int hash = partition.lastIndexOf('#');
      String campaignId = partition.substring(0, hash);
      int shard = Integer.parseInt(partition.substring(hash + 1));
      // An image that is not an enrolment is counted as unreadable, as a full read counts it,
      // rather than holding up its write shard (docs/stored-data.md).
      JsonNode oldImage = db.get("OldImage");
      JsonNode newImage = db.get("NewImage");
      Enrolment before = readable(oldImage);
      Enrolment after = readable(newImage);
      JsonNode who = record.path("userIdentity");
      boolean ttl =
          "REMOVE".equals(record.path("eventName").asText())
              && "Service".equals(who.path("type").asText())
              && "dynamodb.amazonaws.com".equals(who.path("principalId").asText());
      return new Change(
          campaignId,
          shard,
          userId,
          new BigInteger(sequence),
          created(db.get("ApproximateCreationDateTime")),
          before,
          after,
          ttl,
          present(oldImage) && before == null,
          present(newImage) && after == null);
    } catch (RuntimeException e) {
      return new Unreadable(sequence, partition, e.toString());
    }
  }

  private static boolean present(JsonNode image) {
    return image != null && !image.isNull();
  }

  /** The image as an enrolment; null when absent or not readable as one. */
  private static Enrolment readable(JsonNode image) {
    if (!present(image)) {
      return null;
    }
    try {
      return EnrolmentItems.enrolment(item(image));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Lambda gives epoch seconds (a number, possibly fractional); ISO-8601 text is accepted too. */
  private static Instant created(JsonNode at) {
    if (at == null || at.isNull()) {
      throw new IllegalArgumentException("no ApproximateCreationDateTime");
    }
    if (at.isNumber()) {
      BigDecimal seconds = at.decimalValue();
      return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }
    return Instant.parse(at.asText());
  }

  /** An item in DynamoDB JSON ({@code {"name": {"S": "..."}, ...}}). */
  static Map<String, AttributeValue> item(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("not an item in DynamoDB JSON");
    }
    Map<String, AttributeValue> item = new HashMap<>();
    for (Map.Entry<String, JsonNode> f : json.properties()) {
      item.put(f.getKey(), value(f.getValue()));
    }
    return item;
  }

  static AttributeValue value(JsonNode v) {
    if (v == null || !v.isObject() || v.size() != 1) {
      throw new IllegalArgumentException("not an attribute value in DynamoDB JSON: " + v);
    }
    Map.Entry<String, JsonNode> typed = v.properties().iterator().next();
    JsonNode x = typed.getValue();
    return switch (typed.getKey()) {
      case "S" -> AttributeValue.fromS(x.asText());
      case "N" -> AttributeValue.fromN(x.asText());
      case "B" ->
          AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(x.asText())));
      case "BOOL" -> AttributeValue.fromBool(x.asBoolean());
      case "NULL" -> AttributeValue.fromNul(true);
      case "M" -> AttributeValue.fromM(item(x));
      case "L" -> {
        List<AttributeValue> list = new ArrayList<>();
        x.forEach(e -> list.add(value(e)));
        yield AttributeValue.fromL(list);
      }
      case "SS" -> AttributeValue.fromSs(texts(x));
      case "NS" -> AttributeValue.fromNs(texts(x));
      case "BS" ->
          AttributeValue.fromBs(
              texts(x).stream()
                  .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b)))
                  .toList());
      default -> throw new IllegalArgumentException("unknown attribute type " + typed.getKey());
    };
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(e -> texts.add(e.asText()));
    return texts;
  }
}
