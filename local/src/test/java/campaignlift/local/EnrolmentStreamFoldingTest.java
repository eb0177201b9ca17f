package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import campaignlift.aggregate.AggregateStore;
import campaignlift.aggregate.CampaignSettings;
import campaignlift.aggregate.Change;
import campaignlift.aggregate.Checkpoint;
import campaignlift.aggregate.StreamFolder;
import campaignlift.campaign.StoredCampaign;
import campaignlift.evaluation.AggregateSource;
import campaignlift.evaluation.CampaignCells;
import campaignlift.handler.EnrolmentStreamHandler;
import campaignlift.store.Backend;
import campaignlift.store.DynamoAggregates;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoEnrolmentReader;
import campaignlift.store.EnrolmentItems;
import campaignlift.store.StreamRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * docs/aggregates.md exactly once, on DynamoDB Local's real stream: a dataset recorded through the
 * HTTP API, its enrolment changes read back with GetRecords and delivered to {@link
 * EnrolmentStreamHandler} as Lambda's event source mapping would — twice, bisected differently,
 * with crashes after the write, in parallel — and every time the aggregates equal the cells of a
 * full read of the enrolments, cell for cell.
 */
class EnrolmentStreamFoldingTest {
  private static final long SEED = 20261201L;
  private static final int USERS = Integer.getInteger("lift.test.streamUsers", 100);

  private static IsolatedTables tables;
  private static RawEnrolmentStream stream;
  private static Dataset data;
  private static DynamoAggregates aggregates;

  /** The dataset campaign's stream records, in stream order. */
  private static List<ObjectNode> records;

  @BeforeAll
  static void recordDataset() throws Exception {
    tables = new IsolatedTables("stream");
    stream =
        new RawEnrolmentStream(
            tables.backend().dynamo(),
            TestBackends.get().backends().dynamoEndpoint(),
            tables.tables().enrolments());
    stream.enable();
    data =
        new Dataset(
            "sf" + UUID.randomUUID().toString().substring(0, 6) + "-", USERS, SEED, Instant.now());
    Loader loader = new Loader(tables.http(), data);
    loader.createCampaign();
    loader.mixed(data.shuffledTogether(SEED), 50);
    // These tests are the only folder of this stream: the twin's own mapping would carry on from
    // its position when a test empties the aggregates, past records the test has yet to deliver.
    FoldedAggregates.await(tables.streams());
    tables.streams().close();
    records = stream.all(data.campaignId + "#");
    aggregates =
        new DynamoAggregates(
            tables.backend().dynamo(), tables.tables().aggregates(), Clock.systemUTC());
  }

  @AfterAll
  static void close() {
    stream.close();
    tables.close();
  }

  /** Each test folds from nothing: the campaign's aggregate items removed, seeded empty. */
  @BeforeEach
  void emptyAggregates() {
    tables
        .backend()
        .dynamo()
        .queryPaginator(
            r ->
                r.tableName(tables.tables().aggregates())
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS("campaign#" + data.campaignId))))
        .items()
        .forEach(
            item ->
                tables
                    .backend()
                    .dynamo()
                    .deleteItem(
                        r ->
                            r.tableName(tables.tables().aggregates())
                                .key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))));
    assertTrue(aggregates.markSeededIfAbsent(data.campaignId));
  }

  @Test
  void theStreamHoldsTheDatasetsChanges() {
    long inserts = records.stream().filter(r -> kind(r).equals("INSERT")).count();
    long modifies = records.stream().filter(r -> kind(r).equals("MODIFY")).count();
    assertTrue(inserts > USERS / 2, "enrolments inserted: " + inserts);
    assertTrue(modifies > 0, "enrolments modified by outcomes: " + modifies);
  }

  @Test
  void aBatchDeliveredTwiceIsFoldedOnce() throws Exception {
    EnrolmentStreamHandler handler = handler();
    deliver(handler, records, 100);
    assertFoldedEqualsEnrolments();
    deliver(handler, records, 100);
    deliver(handler, records, 1000);
    assertFoldedEqualsEnrolments();
    AggregateSource.Aggregates read = aggregates.read(data.campaignId).orElseThrow();
    assertNotNull(read.freshness().newestChange());
    assertNotNull(read.freshness().foldedAt());
    assertTrue(read.freshness().lagMs() >= 0);
  }

  @Test
  void batchesBisectedIntoDifferentHalvesOnRetryAreFoldedOnce() throws Exception {
    EnrolmentStreamHandler handler = handler();
    int n = records.size();
    deliver(handler, records.subList(0, n / 2), 37);
    deliver(handler, records.subList(n / 4, 3 * n / 4), 23);
    deliver(handler, records.subList(n / 8, n / 3), 11);
    deliver(handler, records, 100);
    assertFoldedEqualsEnrolments();
  }

  /** A crash after the transaction and before the answer, reported or killing the invocation. */
  @Test
  void aCrashAfterTheWriteFoldsNothingTwice() throws Exception {
    AtomicInteger applies = new AtomicInteger();
    AtomicInteger crashes = new AtomicInteger();
    AggregateStore crashing =
        new Delegating(aggregates) {
          @Override
          public boolean apply(String c, int shard, Checkpoint expected, Run run) {
            boolean applied = super.apply(c, shard, expected, run);
            int n = applies.incrementAndGet();
            if (applied && n % 3 == 0) {
              crashes.incrementAndGet();
              throw new IllegalStateException("crash after the write (injected)");
            }
            if (applied && n % 7 == 0) {
              crashes.incrementAndGet();
              throw new Crash(); // not caught by the folder: the whole invocation fails
            }
            return applied;
          }
        };
    deliver(handler(crashing), records, 100);
    assertTrue(crashes.get() > 5, "crashes injected: " + crashes);
    assertFoldedEqualsEnrolments();
  }

  @Test
  void writeShardsFoldedInParallelThreadsWhileTheWholeStreamIsRedelivered() throws Exception {
    List<List<ObjectNode>> byShard = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byShard.add(new ArrayList<>());
    }
    for (ObjectNode r : records) {
      String pk = r.path("dynamodb").path("Keys").path("pk").path("S").asText();
      byShard.get(Integer.parseInt(pk.substring(pk.lastIndexOf('#') + 1)) % 4).add(r);
    }
    ExecutorService threads = Executors.newFixedThreadPool(5);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (List<ObjectNode> part : byShard) {
        running.add(threads.submit(() -> deliver(handler(), part, 20)));
      }
      running.add(threads.submit(() -> deliver(handler(), records, 50)));
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
    assertFoldedEqualsEnrolments();
  }

  @Test
  void aTtlExpiryIsSkippedAndAUserRemovalSubtracts() throws Exception {
    EnrolmentStreamHandler handler = handler();
    deliver(handler, records, 200);
    ObjectNode last = records.get(records.size() - 1);
    Change lastChange = (Change) StreamRecords.decode(last);
    assertNotNull(lastChange.newImage(), "the last change leaves an enrolment");
    // A removal after every change of the stream, as DynamoDB's TTL would write it.
    ObjectNode expiry = last.deepCopy();
    expiry.put("eventName", "REMOVE");
    ObjectNode db = (ObjectNode) expiry.get("dynamodb");
    db.set("OldImage", db.get("NewImage"));
    db.remove("NewImage");
    db.put("SequenceNumber", lastChange.sequence().add(BigInteger.ONE).toString());
    expiry
        .putObject("userIdentity")
        .put("type", "Service")
        .put("principalId", "dynamodb.amazonaws.com");
    deliver(handler, List.of(expiry), 1);
    assertEquals(
        lastChange.sequence().add(BigInteger.ONE),
        aggregates
            .checkpoint(lastChange.campaignId(), lastChange.writeShard())
            .orElseThrow()
            .lastSeq(),
        "the expiry was read, not skipped as already folded");
    assertFoldedEqualsEnrolments();

    // The same removal by a user: the enrolment leaves the aggregates.
    emptyAggregates();
    deliver(handler, records, 200);
    ObjectNode removal = expiry.deepCopy();
    removal.remove("userIdentity");
    deliver(handler, List.of(removal), 1);
    CampaignCells expected = enrolmentsNow();
    CampaignCells folded = aggregates.read(data.campaignId).orElseThrow().cells();
    assertTrue(folded.differenceCount(expected) > 0, "the user's removal changed the aggregates");
    expected.add(lastChange.newImage(), settings(), -1);
    assertEquals(List.of(), folded.differences(expected, 5));
  }

  @Test
  void aRealDeleteOnTheStreamSubtracts() throws Exception {
    Change victim = (Change) StreamRecords.decode(records.get(0));
    tables
        .backend()
        .dynamo()
        .deleteItem(
            r ->
                r.tableName(tables.tables().enrolments())
                    .key(
                        Map.of(
                            "pk", AttributeValue.fromS(victim.partition()),
                            "userId", AttributeValue.fromS(victim.userId()))));
    records = stream.all(data.campaignId + "#");
    assertTrue(
        records.stream().anyMatch(r -> kind(r).equals("REMOVE") && !r.has("userIdentity")),
        "the stream shows the user's removal");
    deliver(handler(), records, 100);
    assertFoldedEqualsEnrolments();
  }

  @Test
  void anUndecodableRecordFailsFromItselfWhileTheRestIsFolded() throws Exception {
    int k = records.size() / 2;
    while (!records.get(k).path("dynamodb").has("NewImage")) {
      k++;
    }
    // A record Lambda could not have produced (its creation time is not a time): it cannot be
    // folded, so it fails from itself. An image that is not an enrolment is counted instead.
    ObjectNode bad = records.get(k).deepCopy();
    ((ObjectNode) bad.path("dynamodb")).put("ApproximateCreationDateTime", "yesterday");
    String badPartition = ((Change) StreamRecords.decode(records.get(k))).partition();
    List<ObjectNode> batch = new ArrayList<>(records);
    batch.set(k, bad);
    JsonNode answer = invoke(handler(), batch);
    assertEquals(
        seq(bad), answer.path("batchItemFailures").path(0).path("itemIdentifier").asText());
    assertEquals(1, answer.path("batchItemFailures").size());
    // Before it, its partition is folded; after it, only the other partitions are.
    BigInteger before = null;
    for (ObjectNode r : records.subList(0, k)) {
      if (partition(r).equals(badPartition)) {
        before = new BigInteger(seq(r));
      }
    }
    Change badChange = (Change) StreamRecords.decode(records.get(k));
    Optional<Checkpoint> badCk =
        aggregates.checkpoint(badChange.campaignId(), badChange.writeShard());
    assertEquals(Optional.ofNullable(before), badCk.map(Checkpoint::lastSeq));
    ObjectNode lastOther = null;
    for (ObjectNode r : records.subList(k + 1, records.size())) {
      if (!partition(r).equals(badPartition)) {
        lastOther = r;
      }
    }
    assertNotNull(lastOther);
    Change other = (Change) StreamRecords.decode(lastOther);
    assertEquals(
        other.sequence(),
        aggregates.checkpoint(other.campaignId(), other.writeShard()).orElseThrow().lastSeq());
    // The mapping re-delivers from the failed record; once it reads (a fixed version), all folds.
    deliver(handler(), records.subList(k, records.size()), 100);
    assertFoldedEqualsEnrolments();
  }

  @Test
  void aChangeOfAnUnknownCampaignIsSkippedNotFailed() throws Exception {
    ObjectNode stray = records.get(0).deepCopy();
    String campaign = "no-such-" + UUID.randomUUID().toString().substring(0, 6);
    ObjectNode db = (ObjectNode) stray.get("dynamodb");
    ((ObjectNode) db.get("Keys")).putObject("pk").put("S", campaign + "#0");
    ObjectNode image = (ObjectNode) db.get("NewImage");
    image.putObject("pk").put("S", campaign + "#0");
    image.putObject("campaignId").put("S", campaign);
    List<ObjectNode> batch = new ArrayList<>(List.of(stray));
    batch.addAll(records);
    JsonNode answer = invoke(handler(), batch);
    assertEquals(0, answer.path("batchItemFailures").size(), answer.toString());
    assertEquals(Optional.empty(), aggregates.checkpoint(campaign, 0));
    assertFoldedEqualsEnrolments();
  }

  @Test
  void compactionSurvivesACrashBetweenItsSteps() throws Exception {
    int n = records.size();
    deliver(handler(), records.subList(0, 2 * n / 3), 5);
    // current() reads without compacting (read() would compact this many partials itself).
    CampaignCells before = aggregates.current(data.campaignId).orElseThrow();
    assertTrue(count("part#") > DynamoAggregatesCounts.MIN_PARTS, "partials: " + count("part#"));

    // Crash after the new base's chunks, before meta moves to them.
    Crasher crash = new Crasher(TransactWriteItemsRequest.class::isInstance);
    try (Backend crashing = crashingBackend(crash)) {
      DynamoAggregates a =
          new DynamoAggregates(crashing.dynamo(), tables.tables().aggregates(), Clock.systemUTC());
      assertThrows(Throwable.class, () -> a.compact(data.campaignId));
      assertTrue(crash.fired.get());
      assertEquals(0, aggregates.current(data.campaignId).orElseThrow().differenceCount(before));

      // Crash after meta moved, before the last covered partials are deleted.
      Crasher afterFlip = new Crasher(DeleteItemRequest.class::isInstance);
      try (Backend crashing2 = crashingBackend(afterFlip)) {
        DynamoAggregates b =
            new DynamoAggregates(
                crashing2.dynamo(), tables.tables().aggregates(), Clock.systemUTC());
        assertThrows(Throwable.class, () -> b.compact(data.campaignId));
        assertTrue(afterFlip.fired.get(), "more covered items than one transaction deletes");
      }
      assertEquals(0, aggregates.current(data.campaignId).orElseThrow().differenceCount(before));
    }
    assertTrue(aggregates.compact(data.campaignId));
    assertEquals(0, aggregates.current(data.campaignId).orElseThrow().differenceCount(before));
    assertEquals(0, count("part#"), "every partial folded into the base and deleted");
    // The rest of the stream folds on top of the compacted base.
    deliver(handler(), records, 100);
    assertFoldedEqualsEnrolments();
  }

  @Test
  void aReadThatFindsManyPartialsCompactsThemAndAnswersTheSameSums() throws Exception {
    deliver(handler(), records, 5);
    long parts = count("part#");
    assertTrue(parts > 16, "partials: " + parts);
    CampaignCells plain = aggregates.current(data.campaignId).orElseThrow();
    CampaignCells tidied = aggregates.read(data.campaignId).orElseThrow().cells();
    assertEquals(0, plain.differenceCount(tidied));
    assertTrue(count("part#") < parts, "the read compacted: " + count("part#") + " of " + parts);
    assertFoldedEqualsEnrolments();
  }

  // ---------------------------------------------------------------- helpers

  static final class DynamoAggregatesCounts {
    /** More partials than the compaction's transaction deletes with its move of meta. */
    static final int MIN_PARTS = 100;
  }

  private static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    Crash() {
      super("crash (injected)", null, false, false);
    }
  }

  /** Fails the first SDK call matching {@code which}, before it is sent. */
  static final class Crasher implements ExecutionInterceptor {
    private final Predicate<Object> which;
    final AtomicBoolean fired = new AtomicBoolean();

    Crasher(Predicate<Object> which) {
      this.which = which;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (which.test(context.request()) && fired.compareAndSet(false, true)) {
        throw new Crash();
      }
    }
  }

  /** An aggregate store passing every call on: tests override one to inject a fault. */
  private static class Delegating implements AggregateStore {
    private final AggregateStore store;

    Delegating(AggregateStore store) {
      this.store = store;
    }

    @Override
    public Optional<Checkpoint> checkpoint(String campaignId, int writeShard) {
      return store.checkpoint(campaignId, writeShard);
    }

    @Override
    public boolean apply(String campaignId, int writeShard, Checkpoint expected, Run run) {
      return store.apply(campaignId, writeShard, expected, run);
    }

    @Override
    public boolean compact(String campaignId) {
      return store.compact(campaignId);
    }
  }

  private static Backend crashingBackend(ExecutionInterceptor crash) throws Exception {
    return Backend.create(
        tables.tables(),
        TestBackends.get().backends().dynamoEndpoint(),
        TestBackends.get().backends().s3Endpoint(),
        crash);
  }

  private static EnrolmentStreamHandler handler() {
    return new EnrolmentStreamHandler(tables.backend(), Clock.systemUTC());
  }

  private static EnrolmentStreamHandler handler(AggregateStore store) {
    CampaignSettings settings =
        new CampaignSettings(
            new DynamoCampaignRepository(tables.backend().dynamo(), tables.tables().campaigns()));
    return new EnrolmentStreamHandler(
        new StreamFolder(store, settings::of, Clock.systemUTC(), EnrolmentStreamHandler.pool()));
  }

  private static JsonNode invoke(EnrolmentStreamHandler handler, List<ObjectNode> batch)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(RawEnrolmentStream.batch(batch).getBytes(StandardCharsets.UTF_8)),
        out,
        LocalContext.of("test", "EnrolmentStreamFunction", null));
    return Http.JSON.readTree(out.toByteArray());
  }

  /**
   * Delivers {@code recs} as the event source mapping does: in batches, re-delivering from the
   * first failed record of a partial batch response, and the whole batch when the invocation fails.
   */
  private static Void deliver(EnrolmentStreamHandler handler, List<ObjectNode> recs, int size)
      throws Exception {
    int i = 0;
    int invocations = 0;
    while (i < recs.size()) {
      if (++invocations > 10 * recs.size() + 100) {
        fail("delivery did not progress past record " + i);
      }
      List<ObjectNode> batch = recs.subList(i, Math.min(recs.size(), i + size));
      JsonNode answer;
      try {
        answer = invoke(handler, batch);
      } catch (RuntimeException | Crash e) {
        continue; // the invocation failed: the same batch again
      }
      JsonNode failures = answer.path("batchItemFailures");
      if (failures.isEmpty()) {
        i += batch.size();
        continue;
      }
      String failed = failures.path(0).path("itemIdentifier").asText();
      int at = -1;
      for (int j = 0; j < batch.size() && at < 0; j++) {
        if (seq(batch.get(j)).equals(failed)) {
          at = i + j;
        }
      }
      assertTrue(at >= i, "the failure names a record of the batch: " + failed);
      i = at;
    }
    return null;
  }

  @Test
  void anUnreadableEnrolmentIsCountedAsAFullReadCountsItAndLeavesWhenRemoved() throws Exception {
    // Not an enrolment: no group, no t0 (written by hand, or by a version with another format).
    Map<String, AttributeValue> key = EnrolmentItems.key(data.campaignId, 0, "zz-unreadable");
    Map<String, AttributeValue> bad = new java.util.HashMap<>(key);
    bad.put("campaignId", AttributeValue.fromS(data.campaignId));
    var dynamo = tables.backend().dynamo();
    dynamo.putItem(r -> r.tableName(tables.tables().enrolments()).item(bad));
    try {
      JsonNode answer = invoke(handler(), stream.all(data.campaignId + "#"));
      assertEquals(0, answer.path("batchItemFailures").size(), answer.toString());
      CampaignCells folded = aggregates.read(data.campaignId).orElseThrow().cells();
      assertEquals(1, folded.unreadable());
      assertEquals(List.of(), folded.differences(enrolmentsNow(), 5));
    } finally {
      dynamo.deleteItem(r -> r.tableName(tables.tables().enrolments()).key(key));
    }
    deliver(handler(), stream.all(data.campaignId + "#"), 100);
    assertEquals(0, aggregates.read(data.campaignId).orElseThrow().cells().unreadable());
    assertFoldedEqualsEnrolments();
  }

  private void assertFoldedEqualsEnrolments() {
    CampaignCells expected = enrolmentsNow();
    assertFalse(expected.isZero(), "the dataset has enrolments");
    CampaignCells folded = aggregates.read(data.campaignId).orElseThrow().cells();
    assertEquals(List.of(), folded.differences(expected, 5));
    assertEquals(0, folded.differenceCount(expected));
  }

  private static CampaignCells.Settings settings() {
    return CampaignCells.Settings.of(campaign().campaign());
  }

  private static StoredCampaign campaign() {
    return new DynamoCampaignRepository(tables.backend().dynamo(), tables.tables().campaigns())
        .find(data.campaignId)
        .orElseThrow();
  }

  /** The cells of a full read of the campaign's enrolments, as they are now. */
  private static CampaignCells enrolmentsNow() {
    StoredCampaign c = campaign();
    CampaignCells.Settings s = CampaignCells.Settings.of(c.campaign());
    CampaignCells cells = new CampaignCells();
    DynamoEnrolmentReader reader =
        new DynamoEnrolmentReader(tables.backend().dynamo(), tables.tables().enrolments());
    for (int shard = 0; shard < c.campaign().shards(); shard++) {
      cells.addUnreadable(reader.readShard(data.campaignId, shard, e -> cells.add(e, s, +1)));
    }
    return cells;
  }

  /** Items of the campaign's aggregate partition whose sort key starts with {@code prefix}. */
  private static long count(String prefix) {
    return tables
        .backend()
        .dynamo()
        .queryPaginator(
            r ->
                r.tableName(tables.tables().aggregates())
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk", AttributeValue.fromS("campaign#" + data.campaignId),
                            ":p", AttributeValue.fromS(prefix))))
        .items()
        .stream()
        .count();
  }

  private static String kind(ObjectNode r) {
    return r.path("eventName").asText();
  }

  private static String seq(JsonNode r) {
    return r.path("dynamodb").path("SequenceNumber").asText();
  }

  private static String partition(JsonNode r) {
    return r.path("dynamodb").path("Keys").path("pk").path("S").asText();
  }
}
