package campaignlift.store;

import static campaignlift.store.AttributeValues.longOf;
import static campaignlift.store.AttributeValues.n;
import static campaignlift.store.AttributeValues.s;

import campaignlift.aggregate.AggregateBase;
import campaignlift.aggregate.AggregateStore;
import campaignlift.aggregate.Checkpoint;
import campaignlift.campaign.AggregatesStart;
import campaignlift.evaluation.AggregateSource;
import campaignlift.evaluation.CampaignCells;
import campaignlift.evaluation.result.Freshness;
import campaignlift.evaluation.result.Reconciliation;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A campaign's stream-fed aggregates in the aggregates table (docs/aggregates.md; item formats in
 * {@link AggregateItems}): the stream folder writes partials and checkpoints through it, the
 * evaluation reads the sum, the recompute seeds the base and saves reconciliations.
 *
 * <p><b>Reading a consistent cut.</b> A read first queries the checkpoints, then the whole
 * partition, strongly consistently. A partial is written in one transaction with its checkpoint, so
 * every partial up to a checkpoint seen in the first query is seen by the second; partials past it
 * (being written meanwhile) are left out, and the freshness reported is that of exactly the changes
 * summed. The base chunks must all be there and {@code meta} must not have moved while reading
 * (compared by a final GetItem), or the read starts again.
 *
 * <p><b>Compaction.</b> New base chunks are written under a new version first (invisible until
 * {@code meta} points at them); then one transaction moves {@code meta} to the new version together
 * with, per write shard, the last partial it covers ({@code folded}) and deletes up to {@value
 * #DELETES_WITH_FLIP} covered items; the rest are deleted after. Readers ignore partials covered by
 * {@code folded} and chunks of other versions, so a crash between any two steps leaves garbage that
 * the next compaction deletes, never a loss or a double count.
 */
public final class DynamoAggregates
    implements AggregateStore, AggregateSource, AggregateBase, AggregatesStart {
  /** Deletes in the transaction that moves {@code meta}: with it, under DynamoDB's 100 items. */
  static final int DELETES_WITH_FLIP = 95;

  private static final int READ_ATTEMPTS = 8;
  private static final int SEED_ATTEMPTS = 8;

  private final DynamoDbClient dynamo;
  private final String table;
  private final Clock clock;

  public DynamoAggregates(DynamoDbClient dynamo, String table, Clock clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- the stream folder's port

  @Override
  public Optional<Checkpoint> checkpoint(String campaignId, int writeShard) {
    Map<String, AttributeValue> item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .key(
                            AggregateItems.key(
                                campaignId, AggregateItems.checkpointKey(writeShard)))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(AggregateItems.checkpoint(item));
  }

  @Override
  public boolean apply(String campaignId, int writeShard, Checkpoint expected, Run run) {
    List<TransactWriteItem> writes = new ArrayList<>();
    if (run.delta() != null) {
      for (Map<String, AttributeValue> part :
          AggregateItems.chunkItems(
              campaignId,
              run.delta(),
              chunk -> AggregateItems.partKey(writeShard, run.firstSeq(), chunk))) {
        part.put("lastSeq", s(run.next().lastSeq().toString()));
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(part)).build());
      }
    }
    Put.Builder ckpt =
        Put.builder()
            .tableName(table)
            .item(AggregateItems.checkpointItem(campaignId, writeShard, run.next()));
    if (expected == null) {
      ckpt.conditionExpression("attribute_not_exists(sk)");
    } else {
      ckpt.conditionExpression("lastSeq = :expected")
          .expressionAttributeValues(Map.of(":expected", s(expected.lastSeq().toString())));
    }
    writes.add(TransactWriteItem.builder().put(ckpt.build()).build());
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
      return true;
    } catch (TransactionCanceledException e) {
      if (lostRace(e)) {
        return false;
      }
      throw e;
    }
  }

  /** A condition failed or another transaction on the same items ran: re-read and try again. */
  private static boolean lostRace(TransactionCanceledException e) {
    if (!e.hasCancellationReasons()) {
      return false;
    }
    for (CancellationReason r : e.cancellationReasons()) {
      if ("ConditionalCheckFailed".equals(r.code()) || "TransactionConflict".equals(r.code())) {
        return true;
      }
    }
    return false;
  }

  /** Live partials above which a read compacts them into the base. */
  static final int COMPACT_ON_READ = 16;

  @Override
  public boolean compact(String campaignId) {
    return replaceBase(campaignId, null, null);
  }

  // ---------------------------------------------------------------- the evaluation's port

  @Override
  public Optional<CampaignCells> current(String campaignId) {
    // A plain read: what a reconcile compares, without tidying anything up.
    return read(campaignId, false).map(Aggregates::cells);
  }

  /**
   * The base plus every partial up to the checkpoints read, with their freshness and the last
   * reconciliation; empty unless the campaign is seeded ({@link #seed}, {@link
   * #markSeededIfAbsent}). One paginated Query (plus one for the checkpoints and one GetItem),
   * independent of the number of enrolments.
   */
  @Override
  public Optional<Aggregates> read(String campaignId) {
    return read(campaignId, true);
  }

  private Optional<Aggregates> read(String campaignId, boolean compactMany) {
    View v = view(campaignId);
    if (!v.seeded()) {
      return Optional.empty();
    }
    CampaignCells cells = v.base();
    for (Part p : v.live()) {
      cells.merge(p.cells());
    }
    if (compactMany && v.live().size() > COMPACT_ON_READ) {
      // The folder compacts every 50 partials of one write shard; a campaign whose changes are
      // spread over many shards can carry hundreds before that, and every read would merge them
      // all. The reader that finds them folds them into the base once (the sums do not change).
      try {
        compact(campaignId);
      } catch (RuntimeException e) {
        StoreLog.compactionFailed(table, campaignId, e);
      }
    }
    return Optional.of(new Aggregates(cells, v.freshness(), v.reconciliation()));
  }

  // ---------------------------------------------------------------- seeding and reconciliation

  /**
   * Replaces the base with {@code base} (a full recompute) and marks the campaign seeded: every
   * partial up to the current checkpoints is considered part of it and deleted; the checkpoints
   * stay, so later changes keep folding in after them.
   */
  public void seed(String campaignId, CampaignCells base, Instant at) {
    for (int i = 0; i < SEED_ATTEMPTS; i++) {
      if (replaceBase(campaignId, base, at)) {
        return;
      }
    }
    throw new IllegalStateException("could not seed " + campaignId + ": kept racing compactions");
  }

  /**
   * Marks a campaign with no enrolments yet as seeded with an empty base: call it when the campaign
   * is created, before any exposure. Returns false when it was marked (or seeded) already.
   */
  @Override
  public void startEmpty(String campaignId) {
    markSeededIfAbsent(campaignId);
  }

  public boolean markSeededIfAbsent(String campaignId) {
    try {
      dynamo.updateItem(
          r ->
              r.tableName(table)
                  .key(AggregateItems.key(campaignId, AggregateItems.META))
                  .updateExpression("SET seeded = :t, seededAt = :at")
                  .conditionExpression("attribute_not_exists(seeded)")
                  .expressionAttributeValues(
                      Map.of(
                          ":t",
                          AttributeValue.fromBool(true),
                          ":at",
                          n(clock.instant().toEpochMilli()))));
      return true;
    } catch (ConditionalCheckFailedException already) {
      return false;
    }
  }

  public void saveReconciliation(String campaignId, Reconciliation r) {
    Map<String, AttributeValue> item =
        new HashMap<>(AggregateItems.key(campaignId, AggregateItems.RECON));
    item.put("reconciledAt", s(r.reconciledAt()));
    item.put("differences", n(r.differences()));
    item.put(
        "examples", AttributeValue.fromL(r.examples().stream().map(AttributeValues::s).toList()));
    dynamo.putItem(p -> p.tableName(table).item(item));
  }

  // ---------------------------------------------------------------- compaction

  /**
   * Writes {@code seedBase} (or, when null, the current base plus the live partials) as a new base
   * version and moves {@code meta} to it; false when another compaction or seeding moved it first.
   */
  private boolean replaceBase(String campaignId, CampaignCells seedBase, Instant seededAt) {
    View v = view(campaignId);
    List<Part> live = v.live();
    Map<Integer, BigInteger> folded = new TreeMap<>(v.folded());
    for (Part p : live) {
      folded.merge(p.shard(), p.firstSeq(), BigInteger::max);
    }
    if (seedBase == null && live.isEmpty()) {
      // Only covered partials: chunks of another version may be a racing compaction's, about to
      // become current; they are deleted by the next compaction that moves meta.
      deleteAll(v.garbage(folded, null));
      return true;
    }
    CampaignCells base = seedBase;
    if (base == null) {
      base = v.base();
      for (Part p : live) {
        base.merge(p.cells());
      }
    }
    String version = newVersion();
    List<Map<String, AttributeValue>> chunks =
        AggregateItems.chunkItems(
            campaignId, base.encode(), chunk -> AggregateItems.baseKey(version, chunk));
    for (Map<String, AttributeValue> chunk : chunks) {
      dynamo.putItem(p -> p.tableName(table).item(chunk));
    }
    Map<String, AttributeValue> foldedMap = new HashMap<>();
    folded.forEach((shard, seq) -> foldedMap.put(Integer.toString(shard), s(seq.toString())));
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":v", s(version));
    values.put(":k", n(chunks.size()));
    values.put(":f", AttributeValue.fromM(foldedMap));
    values.put(":now", n(clock.instant().toEpochMilli()));
    String update = "SET baseVersion = :v, baseChunks = :k, folded = :f, compactedAt = :now";
    if (seedBase != null) {
      update += ", seeded = :t, seededAt = :at";
      values.put(":t", AttributeValue.fromBool(true));
      values.put(":at", n(seededAt.toEpochMilli()));
    }
    String condition;
    if (v.version() == null) {
      condition = "attribute_not_exists(baseVersion)";
    } else {
      condition = "baseVersion = :old";
      values.put(":old", s(v.version()));
    }
    Update.Builder flip =
        Update.builder()
            .tableName(table)
            .key(AggregateItems.key(campaignId, AggregateItems.META))
            .updateExpression(update)
            .conditionExpression(condition)
            .expressionAttributeValues(values);
    List<Map<String, AttributeValue>> garbage = v.garbage(folded, version);
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(TransactWriteItem.builder().update(flip.build()).build());
    int withFlip = Math.min(DELETES_WITH_FLIP, garbage.size());
    for (Map<String, AttributeValue> key : garbage.subList(0, withFlip)) {
      writes.add(
          TransactWriteItem.builder()
              .delete(Delete.builder().tableName(table).key(key).build())
              .build());
    }
    try {
      dynamo.transactWriteItems(r -> r.transactItems(writes));
    } catch (TransactionCanceledException e) {
      if (!lostRace(e)) {
        throw e;
      }
      // Another compaction won: our chunks are unreferenced (and would be deleted as garbage).
      deleteAll(chunks.stream().map(c -> Map.of("pk", c.get("pk"), "sk", c.get("sk"))).toList());
      return false;
    }
    deleteAll(garbage.subList(withFlip, garbage.size()));
    return true;
  }

  private void deleteAll(List<Map<String, AttributeValue>> keys) {
    for (Map<String, AttributeValue> key : keys) {
      dynamo.deleteItem(d -> d.tableName(table).key(key));
    }
  }

  /**
   * A base version: ordered by time, unique between racing compactions. The random part comes from
   * {@link UUID#randomUUID} (SecureRandom), never from a generator a SnapStart snapshot would copy
   * into every execution environment (docs/operations.md).
   */
  private String newVersion() {
    return String.format(
        "%015d-%08x",
        clock.instant().toEpochMilli(), (int) UUID.randomUUID().getLeastSignificantBits());
  }

  // ---------------------------------------------------------------- reading a consistent cut

  /** One folded run's delta, possibly in several chunks. */
  private record Part(
      int shard,
      BigInteger firstSeq,
      int chunks,
      TreeMap<Integer, byte[]> bytes,
      List<String> sks) {
    CampaignCells cells() {
      return CampaignCells.decode(concat(bytes));
    }
  }

  private View view(String campaignId) {
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      Map<Integer, Checkpoint> cut = new TreeMap<>();
      for (Map<String, AttributeValue> item :
          dynamo
              .queryPaginator(
                  query(campaignId).toBuilder()
                      .keyConditionExpression("pk = :pk AND begins_with(sk, :ck)")
                      .expressionAttributeValues(
                          Map.of(
                              ":pk",
                              s(AggregateItems.partition(campaignId)),
                              ":ck",
                              s(AggregateItems.CKPT_PREFIX)))
                      .build())
              .items()) {
        cut.put(
            AggregateItems.shardOfCheckpoint(item.get("sk").s()), AggregateItems.checkpoint(item));
      }
      View v = new View(campaignId, cut);
      for (Map<String, AttributeValue> item : dynamo.queryPaginator(query(campaignId)).items()) {
        v.add(item);
      }
      Map<String, AttributeValue> meta =
          dynamo
              .getItem(
                  r ->
                      r.tableName(table)
                          .key(AggregateItems.key(campaignId, AggregateItems.META))
                          .consistentRead(true))
              .item();
      String versionNow =
          meta == null || !meta.containsKey("baseVersion") ? null : meta.get("baseVersion").s();
      if (java.util.Objects.equals(versionNow, v.version()) && v.complete()) {
        return v;
      }
    }
    throw new IllegalStateException(
        "the aggregates of " + campaignId + " kept changing while being read");
  }

  private QueryRequest query(String campaignId) {
    return QueryRequest.builder()
        .tableName(table)
        .consistentRead(true)
        .keyConditionExpression("pk = :pk")
        .expressionAttributeValues(Map.of(":pk", s(AggregateItems.partition(campaignId))))
        .build();
  }

  /** What one read found; partials and base chunks are kept encoded until summed. */
  private final class View {
    private final String campaignId;
    private final Map<Integer, Checkpoint> cut;
    private Map<String, AttributeValue> meta;
    private Map<String, AttributeValue> recon;
    private final Map<String, TreeMap<Integer, byte[]>> bases = new HashMap<>();
    private final Map<String, Part> parts = new TreeMap<>();

    View(String campaignId, Map<Integer, Checkpoint> cut) {
      this.campaignId = campaignId;
      this.cut = cut;
    }

    void add(Map<String, AttributeValue> item) {
      String sk = item.get("sk").s();
      if (sk.equals(AggregateItems.META)) {
        meta = item;
      } else if (sk.equals(AggregateItems.RECON)) {
        recon = item;
      } else if (sk.startsWith(AggregateItems.BASE_PREFIX)) {
        AggregateItems.BaseKey k = AggregateItems.BaseKey.parse(sk);
        bases
            .computeIfAbsent(k.version(), x -> new TreeMap<>())
            .put(k.chunk(), item.get(AggregateItems.CELLS).b().asByteArray());
      } else if (sk.startsWith(AggregateItems.PART_PREFIX)) {
        AggregateItems.PartKey k = AggregateItems.PartKey.parse(sk);
        Part p =
            parts.computeIfAbsent(
                sk.substring(0, sk.lastIndexOf('#')),
                x ->
                    new Part(
                        k.shard(),
                        k.firstSeq(),
                        (int) longOf(item.get(AggregateItems.CHUNKS)),
                        new TreeMap<>(),
                        new ArrayList<>()));
        p.bytes().put(k.chunk(), item.get(AggregateItems.CELLS).b().asByteArray());
        p.sks().add(sk);
      }
      // ckpt# items were read in the first query; recompute# items belong to the recompute.
    }

    boolean seeded() {
      return meta != null && meta.containsKey("seeded") && meta.get("seeded").bool();
    }

    String version() {
      return meta == null || !meta.containsKey("baseVersion") ? null : meta.get("baseVersion").s();
    }

    Map<Integer, BigInteger> folded() {
      Map<Integer, BigInteger> folded = new TreeMap<>();
      if (meta != null && meta.containsKey("folded")) {
        meta.get("folded")
            .m()
            .forEach((shard, seq) -> folded.put(Integer.parseInt(shard), new BigInteger(seq.s())));
      }
      return folded;
    }

    /** Partials up to the cut and not in the base, in key order. */
    List<Part> live() {
      Map<Integer, BigInteger> folded = folded();
      List<Part> live = new ArrayList<>();
      for (Part p : parts.values()) {
        Checkpoint c = cut.get(p.shard());
        BigInteger f = folded.get(p.shard());
        if (c != null
            && p.firstSeq().compareTo(c.lastSeq()) <= 0
            && (f == null || p.firstSeq().compareTo(f) > 0)) {
          live.add(p);
        }
      }
      return live;
    }

    boolean complete() {
      if (version() != null) {
        TreeMap<Integer, byte[]> chunks = bases.get(version());
        if (chunks == null || chunks.size() != longOf(meta.get("baseChunks"))) {
          return false;
        }
      }
      return live().stream().allMatch(p -> p.bytes().size() == p.chunks());
    }

    CampaignCells base() {
      return version() == null
          ? new CampaignCells()
          : CampaignCells.decode(concat(bases.get(version())));
    }

    /**
     * Keys of items no reader uses once {@code folded} and {@code version} are current: covered
     * partials and, unless {@code version} is null, base chunks of every other version.
     */
    List<Map<String, AttributeValue>> garbage(Map<Integer, BigInteger> folded, String version) {
      List<Map<String, AttributeValue>> keys = new ArrayList<>();
      for (Part p : parts.values()) {
        BigInteger f = folded.get(p.shard());
        if (f != null && p.firstSeq().compareTo(f) <= 0) {
          p.sks().forEach(sk -> keys.add(AggregateItems.key(campaignId, sk)));
        }
      }
      bases.forEach(
          (v, chunks) -> {
            if (version != null && !v.equals(version)) {
              chunks
                  .keySet()
                  .forEach(
                      chunk ->
                          keys.add(
                              AggregateItems.key(campaignId, AggregateItems.baseKey(v, chunk))));
            }
          });
      return keys;
    }

    Freshness freshness() {
      Checkpoint newest = null;
      Instant newestChange = null;
      for (Checkpoint c : cut.values()) {
        if (newest == null || c.foldedAt().isAfter(newest.foldedAt())) {
          newest = c;
        }
        if (newestChange == null || c.newestChange().isAfter(newestChange)) {
          newestChange = c.newestChange();
        }
      }
      if (newest == null) {
        String seededAt =
            meta.containsKey("seededAt")
                ? Instant.ofEpochMilli(longOf(meta.get("seededAt"))).toString()
                : null;
        return new Freshness(Freshness.STREAM, null, seededAt, null);
      }
      return new Freshness(
          Freshness.STREAM, newestChange.toString(), newest.foldedAt().toString(), newest.lagMs());
    }

    Reconciliation reconciliation() {
      if (recon == null) {
        return null;
      }
      return new Reconciliation(
          recon.get("reconciledAt").s(),
          longOf(recon.get("differences")),
          recon.get("examples").l().stream().map(AttributeValue::s).toList());
    }
  }

  private static byte[] concat(TreeMap<Integer, byte[]> chunks) {
    if (chunks.size() == 1) {
      return chunks.firstEntry().getValue();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.values().forEach(out::writeBytes);
    return out.toByteArray();
  }
}
