package campaignlift.store;

import campaignlift.aggregate.Checkpoint;
import campaignlift.campaign.StoredCampaign;
import campaignlift.evaluation.CampaignCells;
import campaignlift.json.Json;
import campaignlift.recording.Enrolment;
import campaignlift.recording.UserRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *       key, else no item; Query answers the items registered for its table and partition key (in
 *       the order registered, reversed when it reads backwards, cut to its limit, filtered by a
 *       {@code begins_with} on the sort key), Scan every item registered for a scan of its table,
 *       BatchGetItem the items registered for its keys (as GetItem); writes succeed — but for the
 *       first TransactWriteItems after each {@link #start}, cancelled by a conflict, as DynamoDB
 *       answers when another transaction held an item, and an UpdateItem conditioned on {@code
 *       attribute_not_exists} of an attribute its registered item has, whose condition fails — and
 *       the PutItems of a table whose puts are remembered ({@link #rememberPuts}) are found by
 *       later Queries, as a result history grows.
 *   <li>SQS: every message sent is accepted (with the MD5 digests the SDK checks).
 *   <li>EventBridge: every entry is accepted.
 *   <li>Secrets Manager: the secret is {@link #SECRET}.
 *   <li>S3: PUT and DELETE succeed; GET answers the object registered for that bucket and key, else
 *       no object (404 NoSuchKey).
 * </ul>
 */
public final class PrimingResponses {
  /** The Last-Modified date of every object the samples read, in S3's format (RFC 1123). */
  static final String LAST_MODIFIED = "Sun, 01 Mar 2026 00:00:00 GMT";

  /** The secret Secrets Manager answers while priming; dropped once priming ends. */
  public static final String SECRET = "lift-priming-secret";

  private static final String DYNAMODB = "DynamoDB_20120810.";
  private static final String SQS = "AmazonSQS.";
  private static final String EVENTS = "AWSEvents.";
  private static final String SECRETS = "secretsmanager.";

  /** A Query's partition key condition, {@code name = :value}, the first in the expression. */
  private static final Pattern PARTITION = Pattern.compile("(#?\\w+)\\s*=\\s*(:\\w+)");

  /** An update's condition that is {@code attribute_not_exists(name)} and nothing else. */
  private static final Pattern NOT_EXISTS =
      Pattern.compile("attribute_not_exists\\(\\s*(#?\\w+)\\s*\\)");

  /** A Query's sort key condition {@code begins_with(name, :value)}. */
  private static final Pattern BEGINS_WITH =
      Pattern.compile("begins_with\\(\\s*(#?\\w+)\\s*,\\s*(:\\w+)\\s*\\)");

  private final Tables tables;
  private final boolean available;
  private volatile boolean active;

  /** Whether the next TransactWriteItems is cancelled by a conflict (once per {@link #start}). */
  private final AtomicBoolean conflictPending = new AtomicBoolean();

  /** Table name + wire-JSON key → wire-JSON item. */
  private final Map<JsonNode, ObjectNode> items = new ConcurrentHashMap<>();

  /** Table name + partition key name and wire-JSON value → the partition's items, in order. */
  private final Map<JsonNode, List<ObjectNode>> partitions = new ConcurrentHashMap<>();

  /** Table name → the items a Scan of it finds. */
  private final Map<String, List<ObjectNode>> scans = new ConcurrentHashMap<>();

  /** Table name → its partition key's name, for the tables whose PutItems Queries find. */
  private final Map<String, String> remembered = new ConcurrentHashMap<>();

  /** {@code bucket/key} → the object's bytes. */
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

  private PrimingResponses(Tables tables, boolean available) {
    this.tables = tables;
    this.available = available;
  }

  /** Answers for clients built on {@link PrimingHttpClient}s of this instance. */
  static PrimingResponses forTables(Tables tables) {
    return new PrimingResponses(tables, true);
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
    conflictPending.set(true);
    active = true;
  }

  /** Calls reach the services again. */
  public void stop() {
    active = false;
  }

  public boolean active() {
    return active;
  }

  /**
   * GetItem of {@code stored}'s key answers its item, as the campaign repository stores it, and a
   * Scan of the campaigns finds it (once, however often it is registered).
   */
  public void campaign(StoredCampaign stored) {
    Map<String, AttributeValue> item = DynamoCampaignRepository.toItem(stored);
    item(
        tables.campaigns(),
        Map.of(DynamoCampaignRepository.ID, AttributeValues.s(stored.campaignId())),
        item);
    List<ObjectNode> campaigns = scans.computeIfAbsent(tables.campaigns(), t -> new ArrayList<>());
    synchronized (campaigns) {
      ObjectNode wired = wire(item);
      campaigns.removeIf(
          c -> c.path(DynamoCampaignRepository.ID).equals(wired.get(DynamoCampaignRepository.ID)));
      campaigns.add(wired);
    }
  }

  /**
   * A campaign's stream-fed aggregates as the folder leaves them (docs/aggregates.md): seeded with
   * {@code base}, and {@code partial} folded from write shard 0 after it, not yet compacted; every
   * one of its {@code shards} write shards has a checkpoint at sequence number 1. Reading them
   * takes the evaluation's whole path: checkpoints, base, partials, merge; and a stream record of a
   * later sequence number is folded as most are, over its shard's checkpoint.
   */
  public void aggregates(
      String campaignId, int shards, CampaignCells base, CampaignCells partial, Instant foldedAt) {
    String table = tables.aggregates();
    String version = "0-priming";
    List<Map<String, AttributeValue>> baseItems =
        AggregateItems.chunkItems(
            campaignId, base.encode(), chunk -> AggregateItems.baseKey(version, chunk));
    Map<String, AttributeValue> meta = seededMeta(campaignId, foldedAt);
    meta.put("baseVersion", AttributeValues.s(version));
    meta.put("baseChunks", AttributeValues.n(baseItems.size()));
    meta.put("folded", AttributeValue.fromM(Map.of()));
    int shard = 0;
    BigInteger seq = BigInteger.ONE;
    List<Map<String, AttributeValue>> partItems =
        AggregateItems.chunkItems(
            campaignId, partial.encode(), chunk -> AggregateItems.partKey(shard, seq, chunk));
    List<Map<String, AttributeValue>> all = new ArrayList<>();
    all.addAll(baseItems);
    for (int s = 0; s < shards; s++) {
      Map<String, AttributeValue> checkpoint =
          AggregateItems.checkpointItem(
              campaignId, s, new Checkpoint(seq, foldedAt, foldedAt, 0, s == shard ? 1 : 0));
      all.add(checkpoint);
      item(table, AggregateItems.key(campaignId, AggregateItems.checkpointKey(s)), checkpoint);
    }
    all.add(meta);
    all.addAll(partItems);
    // In sort key order, as DynamoDB answers: base#, ckpt#, meta, part#.
    all.sort(Comparator.comparing(i -> i.get(AggregateItems.SK).s()));
    item(table, AggregateItems.key(campaignId, AggregateItems.META), meta);
    List<ObjectNode> partition = new ArrayList<>();
    all.forEach(i -> partition.add(wire(i)));
    partitions.put(
        partitionKey(
            table,
            AggregateItems.PK,
            wire(AttributeValues.s(AggregateItems.partition(campaignId)))),
        partition);
  }

  /**
   * A campaign stored before its first exposure: GetItem finds it, and its aggregates are marked
   * seeded with an empty base at {@code seededAt}, as its creation left them — so a conditional
   * UpdateItem that marks them again fails its condition, as in DynamoDB.
   */
  public void draft(StoredCampaign stored, Instant seededAt) {
    campaign(stored);
    item(
        tables.aggregates(),
        AggregateItems.key(stored.campaignId(), AggregateItems.META),
        seededMeta(stored.campaignId(), seededAt));
  }

  /** A campaign's aggregates {@code meta} item, marked seeded at {@code at}, to add to. */
  private static Map<String, AttributeValue> seededMeta(String campaignId, Instant at) {
    Map<String, AttributeValue> meta =
        new HashMap<>(AggregateItems.key(campaignId, AggregateItems.META));
    meta.put("seeded", AttributeValue.fromBool(true));
    meta.put("seededAt", AttributeValues.n(at.toEpochMilli()));
    return meta;
  }

  /**
   * From now on the items PutItem writes to {@code table} are found by Queries of their partition
   * ({@code partitionKey} names its key attribute): a sample run several times then reads what the
   * runs before it wrote, as an evaluation reads the history of its results.
   */
  public void rememberPuts(String table, String partitionKey) {
    remembered.put(table, partitionKey);
  }

  /** Drops what was remembered and registered for Queries and Scans. */
  public void clear() {
    partitions.clear();
    scans.clear();
    items.clear();
    objects.clear();
    remembered.clear();
  }

  /**
   * A user the write path knows: GetItem and BatchGetItem find their user item and {@code
   * enrolment}'s item, as the outcomes of an enrolled user find them.
   */
  public void enrolled(UserRecord user, Enrolment enrolment) {
    item(tables.users(), UserItems.key(user.userId()), UserItems.userItem(user));
    item(
        tables.enrolments(),
        EnrolmentItems.key(enrolment.campaignId(), enrolment.shard(), enrolment.userId()),
        EnrolmentItems.item(enrolment));
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
      String operation = target.substring(DYNAMODB.length());
      JsonNode call = read(body);
      if (operation.equals("TransactWriteItems") && conflictPending.compareAndSet(true, false)) {
        return transactionConflict(call);
      }
      if (operation.equals("UpdateItem") && holdsAttributeRequiredAbsent(call)) {
        return conditionFailed();
      }
      return json("1.0", dynamo(operation, call));
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
        JsonNode requested = request.path("RequestItems");
        requested
            .fieldNames()
            .forEachRemaining(
                table -> {
                  ArrayNode found = responses.putArray(table);
                  for (JsonNode key : requested.path(table).path("Keys")) {
                    ObjectNode item = items.get(itemKey(table, key));
                    if (item != null) {
                      found.add(item);
                    }
                  }
                });
        out.putObject("UnprocessedKeys");
      }
      case "Query" -> found(out, query(request));
      case "Scan" -> found(out, scans.getOrDefault(request.path("TableName").asText(), List.of()));
      case "PutItem" -> {
        String table = request.path("TableName").asText();
        String key = remembered.get(table);
        JsonNode item = request.path("Item");
        if (key != null && item.has(key)) {
          List<ObjectNode> partition =
              partitions.computeIfAbsent(
                  partitionKey(table, key, item.get(key)), k -> new ArrayList<>());
          synchronized (partition) {
            partition.add((ObjectNode) item);
          }
        }
      }
      case "BatchWriteItem" -> out.putObject("UnprocessedItems");
      default -> {
        // PutItem, UpdateItem, DeleteItem, TransactWriteItems: done, nothing returned.
      }
    }
    return out;
  }

  /** The registered items a Query's key condition selects, in its direction and limit. */
  private List<ObjectNode> query(JsonNode request) {
    String condition = request.path("KeyConditionExpression").asText();
    JsonNode names = request.path("ExpressionAttributeNames");
    JsonNode values = request.path("ExpressionAttributeValues");
    Matcher partition = PARTITION.matcher(condition);
    if (!partition.find()) {
      return List.of();
    }
    List<ObjectNode> registered =
        partitions.get(
            partitionKey(
                request.path("TableName").asText(),
                name(partition.group(1), names),
                values.path(partition.group(2))));
    if (registered == null) {
      return List.of();
    }
    List<ObjectNode> found = new ArrayList<>();
    Matcher prefix = BEGINS_WITH.matcher(condition);
    String sortKey = prefix.find() ? name(prefix.group(1), names) : null;
    String start = sortKey == null ? null : values.path(prefix.group(2)).path("S").asText();
    synchronized (registered) {
      for (ObjectNode item : registered) {
        if (sortKey == null || item.path(sortKey).path("S").asText().startsWith(start)) {
          found.add(item);
        }
      }
    }
    if (!request.path("ScanIndexForward").asBoolean(true)) {
      Collections.reverse(found);
    }
    int limit = request.path("Limit").asInt(0);
    return limit > 0 && found.size() > limit ? found.subList(0, limit) : found;
  }

  private static void found(ObjectNode out, List<ObjectNode> items) {
    out.put("Count", items.size());
    items.forEach(out.putArray("Items")::add);
    out.put("ScannedCount", items.size());
  }

  /**
   * An attribute name as written in an expression: itself, or what its {@code #placeholder} names.
   */
  private static String name(String written, JsonNode names) {
    return written.startsWith("#") ? names.path(written).asText(written) : written;
  }

  private static JsonNode partitionKey(String table, String name, JsonNode value) {
    ObjectNode k = Json.MAPPER.createObjectNode();
    k.put("table", table);
    k.put("name", name);
    k.set("value", value);
    return k;
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
      // As S3 answers: the object's Last-Modified date is parsed into the response, which loads
      // the JDK's locale data (some 30 classes) on first use.
      return response(
          200,
          Map.of(
              "ETag",
              "\"" + md5(object) + "\"",
              "Content-Type",
              "application/octet-stream",
              "Last-Modified",
              LAST_MODIFIED),
          object);
    }
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
            + "<Message>The specified key does not exist.</Message>"
            + "<RequestId>lift-priming</RequestId></Error>";
    return response(
        404, Map.of("Content-Type", "application/xml"), xml.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether an UpdateItem conditioned on {@code attribute_not_exists(name)} names a registered item
   * that has that attribute: the condition DynamoDB would find false (a campaign's aggregates
   * marked seeded again, as every update of a campaign before its first exposure does).
   */
  private boolean holdsAttributeRequiredAbsent(JsonNode call) {
    Matcher absent = NOT_EXISTS.matcher(call.path("ConditionExpression").asText().strip());
    if (!absent.matches()) {
      return false;
    }
    String name = absent.group(1);
    if (name.startsWith("#")) {
      name = call.path("ExpressionAttributeNames").path(name).asText(name);
    }
    ObjectNode item = items.get(itemKey(call.path("TableName").asText(), call.path("Key")));
    return item != null && item.has(name);
  }

  /** DynamoDB's answer to a write whose condition is false: 400, {@code ConditionalCheckFailed}. */
  private static HttpExecuteResponse conditionFailed() {
    ObjectNode error = Json.MAPPER.createObjectNode();
    error.put("__type", "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
    error.put("message", "The conditional request failed");
    return response(
        400,
        Map.of("Content-Type", "application/x-amz-json-1.0"),
        Json.write(error).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * DynamoDB's answer when another transaction held one of the items: 400, {@code
   * TransactionCanceledException}, a reason per item ({@code TransactionConflict} on the first).
   * Every function that writes in transactions re-reads and tries again on it; answering the first
   * transaction of a priming so primes that path too — the SDK's error unmarshalling, the retry —
   * which the first real conflict would otherwise load (some 80 classes).
   */
  private static HttpExecuteResponse transactionConflict(JsonNode call) {
    ObjectNode error = Json.MAPPER.createObjectNode();
    error.put("__type", "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
    List<String> codes = new ArrayList<>();
    var reasons = error.putArray("CancellationReasons");
    int items = Math.max(1, call.path("TransactItems").size());
    for (int i = 0; i < items; i++) {
      String code = i == 0 ? "TransactionConflict" : "None";
      codes.add(code);
      reasons.addObject().put("Code", code);
    }
    error.put(
        "message",
        "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes);
    return response(
        400,
        Map.of("Content-Type", "application/x-amz-json-1.0"),
        Json.write(error).getBytes(StandardCharsets.UTF_8));
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
