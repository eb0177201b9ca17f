package campaignlift.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One SQS message as Lambda's SQS event source hands it over: its id, body, message attributes and
 * how often it has been received.
 *
 * @param sourceArn the queue it came from ({@code eventSourceARN})
 */
public record IngestMessage(
    String messageId,
    String body,
    Map<String, Attribute> attributes,
    int receiveCount,
    String sourceArn) {

  /**
   * One message attribute: SQS's data type ({@code String}, {@code Number}, {@code Binary}, or one
   * of them with a custom suffix such as {@code String.id}) and its value, a string for String and
   * Number, base64 for Binary.
   */
  public record Attribute(String dataType, String stringValue, String binaryValue) {
    /** A String attribute. */
    public static Attribute string(String value) {
      return new Attribute("String", value, null);
    }

    /** True for String and Number attributes (also with a custom suffix). */
    public boolean isText() {
      return dataType != null && (dataType.startsWith("String") || dataType.startsWith("Number"));
    }
  }

  public IngestMessage {
    attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /**
   * The messages of a Lambda SQS event, {@code {"Records": [{"messageId", "body", "attributes":
   * {"ApproximateReceiveCount"}, "messageAttributes": {name: {"dataType", "stringValue",
   * "binaryValue"}}, "eventSourceARN"}]}}; an event without records has none.
   */
  public static List<IngestMessage> fromEvent(JsonNode event) {
    List<IngestMessage> out = new ArrayList<>();
    if (event == null) {
      return out;
    }
    for (JsonNode r : event.path("Records")) {
      Map<String, Attribute> attributes = new TreeMap<>();
      for (Map.Entry<String, JsonNode> a : r.path("messageAttributes").properties()) {
        JsonNode v = a.getValue();
        attributes.put(
            a.getKey(),
            new Attribute(
                v.path("dataType").asText(null),
                v.path("stringValue").isTextual() ? v.path("stringValue").asText() : null,
                v.path("binaryValue").isTextual() ? v.path("binaryValue").asText() : null));
      }
      out.add(
          new IngestMessage(
              r.path("messageId").asText(),
              r.path("body").isTextual() ? r.path("body").asText() : null,
              attributes,
              r.path("attributes").path("ApproximateReceiveCount").asInt(1),
              r.path("eventSourceARN").asText(null)));
    }
    return out;
  }
}
