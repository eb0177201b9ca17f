package campaignlift.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sample event made new for one probe invocation, so that every invocation — cold, primed and
 * warm — records new data, as most requests do, instead of redelivering the first one's (a
 * redelivery takes the cheaper duplicate path): in every record, an {@code eventId} gets the
 * invocation's suffix, or the {@code userId} when the record has no event id (an exposure: a new
 * user enrols); JSON in a string {@code body} (API Gateway, SQS) is made new the same way; a
 * DynamoDB stream record gets a sequence number newer than any folded before. What has none of
 * these (a campaign, an evaluation, a scheduled run, an S3 notification, a signed webhook) is left
 * as it is, byte for byte. The request context and headers of an API event are never touched.
 *
 * <p>The sequence numbers are beyond any real stream's, so the sample campaign's checkpoints pass
 * every real record of its write shard: a bench campaign only, never compared.
 */
final class FreshEvent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FreshEvent() {}

  /** Above every sequence number DynamoDB (Local) gives a stream record. */
  private static final BigInteger SEQUENCE_BASE = BigInteger.TEN.pow(30);

  /**
   * {@code event} made new for invocation {@code n} of the probe {@code probe} (unique in the run);
   * {@code clock} (epoch ms, increasing from probe to probe) orders the stream sequence numbers.
   */
  static byte[] of(byte[] event, String probe, int n, long clock) {
    try {
      JsonNode root = JSON.readTree(event);
      BigInteger sequence = SEQUENCE_BASE.add(BigInteger.valueOf(clock * 1000 + n));
      return fresh(root, "-" + probe + "-" + n, sequence)
          ? JSON.writeValueAsBytes(root)
          : event.clone();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A JSON Lines file (an import) made new for invocation {@code n} of {@code probe}: each record
   * as in {@link #of}; blank lines kept.
   */
  static byte[] lines(byte[] jsonLines, String probe, int n, long clock) {
    StringBuilder out = new StringBuilder();
    for (String line : new String(jsonLines, StandardCharsets.UTF_8).split("\n", -1)) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(
          line.isBlank()
              ? line
              : new String(
                  of(line.getBytes(StandardCharsets.UTF_8), probe, n, clock),
                  StandardCharsets.UTF_8));
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** An object key made new: the invocation's suffix before the file name's extension. */
  static String key(String key, String probe, int n) {
    int slash = key.lastIndexOf('/');
    int dot = key.lastIndexOf('.');
    String suffix = "-" + probe + "-" + n;
    return dot > slash ? key.substring(0, dot) + suffix + key.substring(dot) : key + suffix;
  }

  /** The object keys an S3 notification names (as written: the samples' need no decoding). */
  static List<String> objectKeys(byte[] event) {
    List<String> keys = new ArrayList<>();
    try {
      for (JsonNode r : JSON.readTree(event).path("Records")) {
        JsonNode key = r.path("s3").path("object").path("key");
        if (key.isTextual()) {
          keys.add(key.asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }

  /** An S3 notification naming {@code renamed}'s new keys in place of the old. */
  static byte[] withKeys(byte[] event, Map<String, String> renamed) {
    try {
      JsonNode root = JSON.readTree(event);
      for (JsonNode r : root.path("Records")) {
        JsonNode object = r.path("s3").path("object");
        String now = renamed.get(object.path("key").asText());
        if (now != null && object instanceof ObjectNode o) {
          o.put("key", now);
        }
      }
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes {@code node} new in place; whether anything changed. */
  private static boolean fresh(JsonNode node, String suffix, BigInteger sequence)
      throws IOException {
    boolean changed = false;
    if (node.isArray()) {
      for (JsonNode e : node) {
        changed |= fresh(e, suffix, sequence);
      }
      return changed;
    }
    if (!(node instanceof ObjectNode o)) {
      return false;
    }
    if (o.path("eventId").isTextual()) {
      o.put("eventId", o.path("eventId").asText() + suffix);
      changed = true;
    } else if (o.path("userId").isTextual()) {
      o.put("userId", o.path("userId").asText() + suffix);
      changed = true;
    }
    if (o.path("SequenceNumber").isTextual() && (o.has("NewImage") || o.has("OldImage"))) {
      o.put("SequenceNumber", sequence.toString());
      changed = true;
    }
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(o.properties());
    for (Map.Entry<String, JsonNode> f : fields) {
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (name.equals("requestContext") || name.equals("headers")) {
        continue;
      }
      if (name.equals("body") && v.isTextual() && looksLikeJson(v.asText())) {
        JsonNode body = JSON.readTree(v.asText());
        if (fresh(body, suffix, sequence)) {
          o.put("body", JSON.writeValueAsString(body));
          changed = true;
        }
      } else {
        changed |= fresh(v, suffix, sequence);
      }
    }
    return changed;
  }

  private static boolean looksLikeJson(String text) {
    String t = text.strip();
    return t.startsWith("{") || t.startsWith("[");
  }
}
