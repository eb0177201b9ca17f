package campaignlift.store;

import campaignlift.aggregate.RecomputeMode;
import campaignlift.aggregate.RecomputeParts;
import campaignlift.aggregate.RecomputeStatus;
import campaignlift.evaluation.result.Reconciliation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A recompute's items in the aggregates table (docs/aggregates.md), under the campaign's partition
 * {@code campaign#<id>}:
 *
 * <ul>
 *   <li>{@code recompute#<R>}: the progress: mode, shard count, start, the string set {@code
 *       doneShards}, per counted shard the attempt of its last segment ({@code part<shard>}, {@code
 *       <segment>-<id>}), per segment that stopped before its shard's end its attempt and resume
 *       key ({@code seg<shard>_<segment>}), the unreadable items, and once finished {@code
 *       finishedAt} with a reconcile's finding;
 *   <li>{@code recompute#<R>#part#<shard>#<attempt>#<chunk>}: one segment's encoded cells, cut into
 *       chunks of at most {@link #CHUNK_BYTES} (DynamoDB items hold 400 KB), each item carrying the
 *       number of chunks.
 * </ul>
 *
 * Strongly consistent reads: the task that completes the set reads every part right after the
 * others wrote them.
 */
public record DynamoRecomputeParts(DynamoDbClient dynamo, String table) implements RecomputeParts {
  /** Bytes of encoded cells per item: under DynamoDB's 400 KB item limit with room for the keys. */
  public static final int CHUNK_BYTES = 350 * 1024;

  /** Attribute name prefix of a segment that stopped before its shard's end. */
  private static final String SEGMENT = "seg";

  static String partition(String campaignId) {
    return "campaign#" + campaignId;
  }

  static String progressKey(String recomputeId) {
    return "recompute#" + recomputeId;
  }

  static String partPrefix(String recomputeId, int shard, String attempt) {
    return progressKey(recomputeId) + "#part#" + shard + "#" + attempt + "#";
  }

  private static Map<String, AttributeValue> key(String campaignId, String sk) {
    return Map.of("pk", AttributeValues.s(partition(campaignId)), "sk", AttributeValues.s(sk));
  }

  @Override
  public void begin(
      String campaignId, String recomputeId, RecomputeMode mode, int shards, String at) {
    Map<String, AttributeValue> item = new HashMap<>(key(campaignId, progressKey(recomputeId)));
    item.put("mode", AttributeValues.s(mode.wire()));
    item.put("shards", AttributeValues.n(shards));
    item.put("startedAt", AttributeValues.s(at));
    item.put("unreadable", AttributeValues.n(0));
    dynamo.putItem(
        p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
  }

  @Override
  public Optional<RecomputeStatus> status(String campaignId, String recomputeId) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                g ->
                    g.tableName(table)
                        .key(key(campaignId, progressKey(recomputeId)))
                        .consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(status(campaignId, recomputeId, item));
  }

  private static RecomputeStatus status(
      String campaignId, String recomputeId, Map<String, AttributeValue> item) {
    Set<Integer> done = new HashSet<>();
    if (item.containsKey("doneShards")) {
      item.get("doneShards").ss().forEach(s -> done.add(Integer.parseInt(s)));
    }
    Map<String, String> continued = new HashMap<>();
    item.forEach(
        (name, value) -> {
          if (name.startsWith(SEGMENT)) {
            continued.put(name.substring(SEGMENT.length()), value.m().get("resumeAfter").s());
          }
        });
    Map<Integer, List<String>> attempts = new HashMap<>();
    for (int shard : done) {
      AttributeValue last = item.get("part" + shard);
      if (last == null) {
        continue;
      }
      // The last segment's attempt is "<segment>-<id>"; the segments before it are recorded
      // as continued.
      int lastSegment = Integer.parseInt(last.s().substring(0, last.s().indexOf('-')));
      List<String> list = new ArrayList<>();
      for (int segment = 0; segment < lastSegment; segment++) {
        AttributeValue mark = item.get(SEGMENT + RecomputeStatus.segmentKey(shard, segment));
        list.add(mark == null ? null : mark.m().get("attempt").s());
      }
      list.add(last.s());
      if (!list.contains(null)) {
        attempts.put(shard, list);
      }
    }
    Reconciliation reconciliation = null;
    if (item.containsKey("differences")) {
      List<String> examples = new ArrayList<>();
      if (item.containsKey("examples")) {
        item.get("examples").l().forEach(v -> examples.add(v.s()));
      }
      reconciliation =
          new Reconciliation(
              item.get("finishedAt").s(),
              AttributeValues.longOf(item.get("differences")),
              examples);
    }
    return new RecomputeStatus(
        campaignId,
        recomputeId,
        RecomputeMode.fromWire(item.get("mode").s()).orElseThrow(),
        AttributeValues.intOf(item.get("shards")),
        item.get("startedAt").s(),
        done,
        attempts,
        continued,
        item.containsKey("unreadable") ? AttributeValues.longOf(item.get("unreadable")) : 0,
        item.containsKey("finishedAt") ? item.get("finishedAt").s() : null,
        reconciliation);
  }

  @Override
  public void savePart(
      String campaignId, String recomputeId, int shard, String attempt, byte[] cells) {
    int chunks = Math.max(1, (cells.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
    String prefix = partPrefix(recomputeId, shard, attempt);
    for (int n = 0; n < chunks; n++) {
      byte[] chunk =
          Arrays.copyOfRange(cells, n * CHUNK_BYTES, Math.min(cells.length, (n + 1) * CHUNK_BYTES));
      Map<String, AttributeValue> item =
          new HashMap<>(key(campaignId, prefix + String.format("%04d", n)));
      item.put("cells", AttributeValue.fromB(SdkBytes.fromByteArray(chunk)));
      item.put("chunks", AttributeValues.n(chunks));
      dynamo.putItem(p -> p.tableName(table).item(item));
    }
  }

  @Override
  public byte[] part(String campaignId, String recomputeId, int shard, String attempt) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamo
        .queryPaginator(prefixQuery(campaignId, partPrefix(recomputeId, shard, attempt)))
        .items()
        .forEach(items::add);
    if (items.isEmpty() || items.size() != AttributeValues.intOf(items.get(0).get("chunks"))) {
      throw new IllegalStateException(
          "The part of shard " + shard + " of recompute " + recomputeId + " is incomplete");
    }
    // The sort key's zero-padded chunk number orders the chunks.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    items.forEach(i -> out.writeBytes(i.get("cells").b().asByteArray()));
    return out.toByteArray();
  }

  private QueryRequest prefixQuery(String campaignId, String prefix) {
    return QueryRequest.builder()
        .tableName(table)
        .consistentRead(true)
        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
        .expressionAttributeValues(
            Map.of(
                ":pk", AttributeValues.s(partition(campaignId)),
                ":prefix", AttributeValues.s(prefix)))
        .build();
  }

  @Override
  public String markContinued(
      String campaignId,
      String recomputeId,
      int shard,
      int segment,
      String attempt,
      long unreadable,
      String resumeAfter) {
    String name = SEGMENT + RecomputeStatus.segmentKey(shard, segment);
    try {
      dynamo.updateItem(
          u ->
              u.tableName(table)
                  .key(key(campaignId, progressKey(recomputeId)))
                  // The first delivery of a segment decides where the next one starts.
                  .updateExpression("ADD unreadable :n SET #seg = :mark")
                  .conditionExpression("attribute_exists(pk) AND attribute_not_exists(#seg)")
                  .expressionAttributeNames(Map.of("#seg", name))
                  .expressionAttributeValues(
                      Map.of(
                          ":n", AttributeValues.n(unreadable),
                          ":mark",
                              AttributeValue.fromM(
                                  Map.of(
                                      "attempt", AttributeValues.s(attempt),
                                      "resumeAfter", AttributeValues.s(resumeAfter))))));
      return resumeAfter;
    } catch (ConditionalCheckFailedException recordedBefore) {
      return status(campaignId, recomputeId)
          .map(s -> s.continued().get(RecomputeStatus.segmentKey(shard, segment)))
          .orElseThrow(() -> new IllegalStateException("Recompute " + recomputeId + " is gone"));
    }
  }

  @Override
  public Optional<RecomputeStatus> markDone(
      String campaignId,
      String recomputeId,
      int shard,
      int segment,
      String attempt,
      long unreadable) {
    String shardText = Integer.toString(shard);
    try {
      Map<String, AttributeValue> after =
          dynamo
              .updateItem(
                  u ->
                      u.tableName(table)
                          .key(key(campaignId, progressKey(recomputeId)))
                          // One UpdateItem: the shard joins the set, its attempt and its
                          // unreadable count are kept, all or nothing, and only the first time.
                          .updateExpression("ADD doneShards :shard, unreadable :n SET #part = :a")
                          .conditionExpression(
                              "attribute_exists(pk) AND NOT contains(doneShards, :s)")
                          .expressionAttributeNames(Map.of("#part", "part" + shardText))
                          .expressionAttributeValues(
                              Map.of(
                                  ":shard", AttributeValue.fromSs(List.of(shardText)),
                                  ":s", AttributeValues.s(shardText),
                                  ":n", AttributeValues.n(unreadable),
                                  ":a", AttributeValues.s(attempt)))
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      return Optional.of(status(campaignId, recomputeId, after));
    } catch (ConditionalCheckFailedException counted) {
      return Optional.empty();
    }
  }

  @Override
  public void finish(
      String campaignId, String recomputeId, String at, Reconciliation reconciliation) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":at", AttributeValues.s(at));
    String update = "SET finishedAt = :at";
    if (reconciliation != null) {
      update += ", differences = :d, examples = :e";
      values.put(":d", AttributeValues.n(reconciliation.differences()));
      values.put(
          ":e",
          AttributeValue.fromL(
              reconciliation.examples().stream().map(AttributeValues::s).toList()));
    }
    String expression = update;
    dynamo.updateItem(
        u ->
            u.tableName(table)
                .key(key(campaignId, progressKey(recomputeId)))
                .updateExpression(expression)
                .expressionAttributeValues(values));
    // The parts served their purpose; the progress item stays, so the GET keeps answering.
    for (Map<String, AttributeValue> part :
        dynamo
            .queryPaginator(
                prefixQuery(campaignId, progressKey(recomputeId) + "#part#").toBuilder()
                    .projectionExpression("pk, sk")
                    .build())
            .items()) {
      dynamo.deleteItem(d -> d.tableName(table).key(part));
    }
  }
}
