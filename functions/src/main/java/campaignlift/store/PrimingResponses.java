package campaignlift.store;

import campaignlift.campaign.StoredCampaign;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a backend's clients are answered while it primes (docs/operations.md, "SnapStart priming"):
 * the switch, the items the primer registered, and the one place that knows a minimal valid answer
 * to every call our functions make, in each service's own protocol. The SDK marshals, signs and
 * unmarshals as for a real call; nothing reaches the network, so nothing is read from or written to
 * the user's tables, bucket, queues or bus.
 *
 * <ul>
 *   <li>DynamoDB, by {@code X-Amz-Target}: GetItem answers the item registered for that table and
 *       key, else no item; BatchGetItem, Query and Scan find nothing; writes succeed.
 *   <li>SQS: every message sent is accepted (with the MD5 digests the SDK checks).
 *   <li>EventBridge: every entry is accepted.
 *   <li>Secrets Manager: the secret is {@link #SECRET}.
 *   <li>S3: PUT and DELETE succeed; GET answers the object registered for that bucket and key, else
 *       no object (404 NoSuchKey).
 * </ul>
 */
public final class PrimingResponses {
  /** The secret Secrets Manager answers while priming; dropped once priming ends. */
  public static final String SECRET = "lift-priming-secret";

  private static final String DYNAMODB = "DynamoDB_20120810.";
  private static final String SQS = "AmazonSQS.";
  private static final String EVENTS = "AWSEvents.";
  private static final String SECRETS = "secretsmanager.";

  private final String campaignsTable;
  private final boolean available;
  private volatile boolean active;

  /** Table name + wire-JSON key → wire-JSON item. */
  private final Map<JsonNode, ObjectNode> items = new ConcurrentHashMap<>();

  /** {@code bucket/key} → the object's bytes. */
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

  private PrimingResponses(String campaignsTable, boolean available) {
    this.campaignsTable = campaignsTable;
    this.available = available;
  }

  /** Answers for clients built on {@link PrimingHttpClient}s of this instance. */
  static PrimingResponses forTables(Tables tables) {
    return new PrimingResponses(tables.campaigns(), true);
  }

  /** A backend whose clients were built elsewhere: it cannot prime, and says so. */
  static PrimingResponses unavailable() {
    return new PrimingResponses(null, false);
  }

  /** From now on every call of this backend's clients is answered here. */
  public void start() {
    if (!available) {
      throw new IllegalStateException(
          "this backend's clients were not built by Backend.create and cannot be primed");
    }
    active = true;
  }

  /** Calls reach the services again. */
  public void stop() {
    active = false;
  }

  public boolean active() {
    return active;
  }

  /** GetItem of {@code stored}'s key answers its item, as the campaign repository stores it. */
  public void campaign(StoredCampaign stored) {
    item(
        campaignsTable,
        Map.of(DynamoCampaignRepository.ID, AttributeValues.s(stored.campaignId())),
        DynamoCampaignRepository.toItem(stored));
  }

  /** GetObject of {@code bucket}/{@code key} answers {@code content}. */
  public void object(String bucket, String key, byte[] content) {
    objects.put(bucket + "/" + key, content.clone());
  }

  void item(String table, Map<String, AttributeValue> key, Map<String, AttributeValue> item) {
    items.put(itemKey(table, wire(key)), wire(item));
  }

  private static JsonNode itemKey(String table, JsonNode key) {
    ObjectNode k = Json.MAPPER.createObjectNode();
    k.put("table", table);
    k.set("key", key);
    return k;
  }

  // ------------------------------------------------------------------------------ the answers

  /** The answer to one request; {@code body} is its content (empty for none). */
  HttpExecuteResponse answer(SdkHttpRequest request, byte[] body) {
    String target = request.firstMatchingHeader("X-Amz-Target").orElse("");
    if (target.startsWith(DYNAMODB)) {
      return json("1.0", dynamo(target.substring(DYNAMODB.length()), read(body)));
    }
    if (target.startsWith(SQS)) {
      return json("1.0", sqs(target.substring(SQS.length()), read(body)));
    }
    if (target.startsWith(EVENTS)) {
      return json("1.1", events(read(body)));
    }
    if (target.startsWith(SECRETS)) {
      return json("1.1", secret(read(body)));
    }
    return s3(request, body);
  }

  /** The registered object a GET names, path-style ({@code /bucket/key}) or virtual-hosted. */
  private byte[] object(SdkHttpRequest request) {
    String path =
        request.encodedPath().startsWith("/")
            ? request.encodedPath().substring(1)
            : request.encodedPath();
    byte[] pathStyle = objects.get(path);
    if (pathStyle != null) {
      return pathStyle;
    }
    String host = request.host();
    int dot = host.indexOf('.');
    return dot < 0 ? null : objects.get(host.substring(0, dot) + "/" + path);
  }

  private ObjectNode dynamo(String operation, JsonNode request) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    switch (operation) {
      case "GetItem" -> {
        ObjectNode item =
            items.get(itemKey(request.path("TableName").asText(), request.path("Key")));
        if (item != null) {
          out.set("Item", item);
        }
      }
      case "BatchGetItem" -> {
        ObjectNode responses = out.putObject("Responses");
        request.path("RequestItems").fieldNames().forEachRemaining(t -> responses.putArray(t));
        out.putObject("UnprocessedKeys");
      }
      case "Query", "Scan" -> {
        out.put("Count", 0);
        out.putArray("Items");
        out.put("ScannedCount", 0);
      }
      case "BatchWriteItem" -> out.putObject("UnprocessedItems");
      default -> {
        // PutItem, UpdateItem, DeleteItem, TransactWriteItems: done, nothing returned.
      }
    }
    return out;
  }

  private static ObjectNode sqs(String operation, JsonNode request) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    if (operation.equals("SendMessage")) {
      accepted(out, request);
    } else if (operation.equals("SendMessageBatch")) {
      ArrayNode ok = out.putArray("Successful");
      for (JsonNode entry : request.path("Entries")) {
        accepted(ok.addObject().put("Id", entry.path("Id").asText()), entry);
      }
      out.putArray("Failed");
    }
    return out;
  }

  /** A sent message's answer, with the digests the SQS client checks against what it sent. */
  private static void accepted(ObjectNode out, JsonNode message) {
    out.put("MessageId", "lift-priming");
    out.put("MD5OfMessageBody", md5(message.path("MessageBody").asText()));
    if (message.path("MessageAttributes").size() > 0) {
      out.put("MD5OfMessageAttributes", attributesMd5(message.path("MessageAttributes")));
    }
  }

  private static ObjectNode events(JsonNode request) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("FailedEntryCount", 0);
    ArrayNode entries = out.putArray("Entries");
    for (int i = 0; i < request.path("Entries").size(); i++) {
      entries.addObject().put("EventId", "lift-priming-" + i);
    }
    return out;
  }

  private static ObjectNode secret(JsonNode request) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    String id = request.path("SecretId").asText();
    out.put("ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + id);
    out.put("Name", id);
    out.put("SecretString", SECRET);
    out.put("VersionId", "lift-priming");
    return out;
  }

  private HttpExecuteResponse s3(SdkHttpRequest request, byte[] body) {
    SdkHttpMethod method = request.method();
    if (method == SdkHttpMethod.PUT || method == SdkHttpMethod.POST) {
      // An aws-chunked body carries its checksum in a trailer; otherwise S3's ETag is the MD5.
      boolean chunked =
          request
              .firstMatchingHeader("Content-Encoding")
              .map(e -> e.toLowerCase(Locale.ROOT).contains("aws-chunked"))
              .orElse(false);
      String eTag = "\"" + (chunked ? "6c696674207072696d696e67" : md5(body)) + "\"";
      return response(200, Map.of("ETag", eTag), new byte[0]);
    }
    if (method == SdkHttpMethod.DELETE) {
      return response(204, Map.of(), new byte[0]);
    }
    if (method == SdkHttpMethod.HEAD) {
      return response(404, Map.of(), new byte[0]);
    }
    byte[] object = object(request);
    if (object != null) {
      return response(
          200,
          Map.of("ETag", "\"" + md5(object) + "\"", "Content-Type", "application/octet-stream"),
          object);
    }
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
            + "<Message>The specified key does not exist.</Message>"
            + "<RequestId>lift-priming</RequestId></Error>";
    return response(
        404, Map.of("Content-Type", "application/xml"), xml.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpExecuteResponse json(String version, ObjectNode body) {
    return response(
        200,
        Map.of("Content-Type", "application/x-amz-json-" + version),
        Json.write(body).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpExecuteResponse response(
      int status, Map<String, String> headers, byte[] body) {
    SdkHttpResponse.Builder http =
        SdkHttpResponse.builder()
            .statusCode(status)
            .putHeader("x-amzn-RequestId", "lift-priming")
            .putHeader("x-amz-request-id", "lift-priming")
            .putHeader("Content-Length", Integer.toString(body.length));
    headers.forEach(http::putHeader);
    return HttpExecuteResponse.builder()
        .response(http.build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
        .build();
  }

  private static JsonNode read(byte[] body) {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node == null ? Json.MAPPER.createObjectNode() : node;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a JSON-protocol request whose body is not JSON", e);
    }
  }

  // ------------------------------------------------------------------------- wire formats

  /** Items as DynamoDB's JSON protocol writes them. */
  static ObjectNode wire(Map<String, AttributeValue> item) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    item.forEach((name, value) -> out.set(name, wire(value)));
    return out;
  }

  private static ObjectNode wire(AttributeValue v) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    switch (v.type()) {
      case S -> out.put("S", v.s());
      case N -> out.put("N", v.n());
      case BOOL -> out.put("BOOL", v.bool());
      case NUL -> out.put("NULL", true);
      case B -> out.put("B", base64(v.b()));
      case SS -> v.ss().forEach(out.putArray("SS")::add);
      case NS -> v.ns().forEach(out.putArray("NS")::add);
      case BS -> {
        ArrayNode bs = out.putArray("BS");
        v.bs().forEach(b -> bs.add(base64(b)));
      }
      case M -> out.set("M", wire(v.m()));
      case L -> {
        ArrayNode list = out.putArray("L");
        v.l().forEach(e -> list.add(wire(e)));
      }
      default -> throw new IllegalArgumentException("no wire form for " + v.type());
    }
    return out;
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArray());
  }

  private static String md5(String text) {
    return md5(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String md5(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /**
   * SQS's digest of message attributes: per attribute in name order, the length-prefixed name and
   * data type, then a type byte (1 string, 2 binary) and the length-prefixed value.
   */
  private static String attributesMd5(JsonNode attributes) {
    List<String> names = new ArrayList<>();
    attributes.fieldNames().forEachRemaining(names::add);
    names.sort(null);
    MessageDigest md5 = digest();
    for (String name : names) {
      JsonNode a = attributes.get(name);
      lengthAndBytes(md5, name.getBytes(StandardCharsets.UTF_8));
      lengthAndBytes(md5, a.path("DataType").asText().getBytes(StandardCharsets.UTF_8));
      if (a.has("StringValue")) {
        md5.update((byte) 1);
        lengthAndBytes(md5, a.get("StringValue").asText().getBytes(StandardCharsets.UTF_8));
      } else if (a.has("BinaryValue")) {
        md5.update((byte) 2);
        lengthAndBytes(md5, Base64.getDecoder().decode(a.get("BinaryValue").asText()));
      }
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static void lengthAndBytes(MessageDigest md5, byte[] bytes) {
    md5.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    md5.update(bytes);
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
