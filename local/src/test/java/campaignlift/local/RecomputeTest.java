package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.aggregate.Recompute;
import campaignlift.aggregate.RecomputeMode;
import campaignlift.aggregate.RecomputeStatus;
import campaignlift.aggregate.RecomputeTask;
import campaignlift.campaign.Campaign;
import campaignlift.evaluation.CampaignCells;
import campaignlift.store.Backend;
import campaignlift.store.DynamoAggregates;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoEnrolmentReader;
import campaignlift.store.DynamoRecomputeParts;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The full recompute on the local twin's DynamoDB (docs/aggregates.md): one task per write shard,
 * each delivered to the worker handler as the SQS event Lambda sends; the merged cells equal a
 * direct full read, a redelivered task counts once, the order of the parts does not matter, and
 * reconcile finds an altered aggregate and nothing in a true one. Also the upgrade path: a campaign
 * written with no aggregates is seeded and then reconciles to zero.
 */
class RecomputeTest extends TwinTest {
  private static final int SHARDS = 4;
  private static final int USERS = 120;

  private static String id;
  private static Campaign campaign;

  @BeforeAll
  static void load() throws Exception {
    id = Campaigns.uniqueId("recompute");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode c = Campaigns.evenSplit();
    c.put("startAt", now.minus(Duration.ofDays(60)).toString());
    c.remove("endAt");
    c.put("windowDays", 7);
    c.put("shards", SHARDS);
    assertEquals(201, http.put("/campaigns/" + id, c.toString()).status());
    Random rnd = new Random(11);
    ObjectNode xs = Http.JSON.createObjectNode();
    ObjectNode os = Http.JSON.createObjectNode();
    ArrayNode exposures = xs.putArray("exposures");
    ArrayNode outcomes = os.putArray("outcomes");
    for (int i = 0; i < USERS; i++) {
      Instant t0 = now.minus(Duration.ofDays(1 + rnd.nextInt(40))).plusSeconds(i);
      ObjectNode x = exposures.addObject();
      // Users are global: ids of this campaign's own keep other tests' events out of them.
      String user = id + "-u" + i;
      x.put("userId", user).put("at", t0.toString());
      x.putObject("attributes").put("channel", "ch" + (i % 3));
      for (int k = 0; k < rnd.nextInt(4); k++) {
        ObjectNode o = outcomes.addObject();
        o.put("eventId", id + "-a" + i + "-" + k).put("userId", user).put("type", "activity");
        o.put("at", t0.plusSeconds(60 + rnd.nextInt(86400)).toString());
      }
      if (rnd.nextBoolean()) {
        ObjectNode o = outcomes.addObject();
        o.put("eventId", id + "-b" + i).put("userId", user).put("type", "purchase");
        o.put("at", t0.plusSeconds(3600).toString()).put("value", 10 + i % 7);
      }
    }
    assertEquals(200, http.post("/campaigns/" + id + "/exposures", xs.toString()).status());
    Http.Response r = http.post("/outcomes", os.toString());
    assertEquals(200, r.status(), r.raw().body());
    campaign = campaigns().find(id).orElseThrow().campaign();
    // The twin folds the stream in the background: a seed is exact only once nothing is in flight.
    FoldedAggregates.awaitFolded();
  }

  private static Backend backend() {
    return backends.backend();
  }

  private static DynamoCampaignRepository campaigns() {
    return new DynamoCampaignRepository(backend().dynamo(), backend().tables().campaigns());
  }

  private static DynamoAggregates aggregates() {
    return new DynamoAggregates(
        backend().dynamo(), backend().tables().aggregates(), java.time.Clock.systemUTC());
  }

  private static DynamoRecomputeParts parts() {
    return new DynamoRecomputeParts(backend().dynamo(), backend().tables().aggregates());
  }

  /** The cells of one write shard, read directly. */
  private static CampaignCells shardRead(int shard) {
    CampaignCells cells = new CampaignCells();
    CampaignCells.Settings settings = CampaignCells.Settings.of(campaign);
    new DynamoEnrolmentReader(backend().dynamo(), backend().tables().enrolments())
        .readShard(id, shard, e -> cells.add(e, settings, +1));
    return cells;
  }

  /** The campaign's cells from a direct full read of its enrolments, shard after shard. */
  private static CampaignCells fullRead() {
    CampaignCells all = new CampaignCells();
    for (int shard = 0; shard < SHARDS; shard++) {
      all.merge(shardRead(shard));
    }
    return all;
  }

  private static List<Integer> inOrder() {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < SHARDS; i++) {
      order.add(i);
    }
    return order;
  }

  @Test
  void aSeededRecomputeOfSeveralShardsEqualsAFullReadAndThenReconcilesToZero() throws Exception {
    RecomputeFanout f = RecomputeFanout.create(backend());
    CampaignCells expected = fullRead();
    assertTrue(expected.cellCount() > 0, "the campaign has cells to compare");

    RecomputeStatus seeded = f.run(id, RecomputeMode.SEED, inOrder());
    assertTrue(seeded.finished(), "the task that completed the set finished the seed");
    assertEquals(SHARDS, seeded.doneShards().size());
    CampaignCells stored = aggregates().current(id).orElseThrow();
    assertEquals(0, expected.differenceCount(stored), expected.differences(stored, 5).toString());

    RecomputeStatus reconciled = f.run(id, RecomputeMode.RECONCILE, inOrder());
    assertTrue(reconciled.finished());
    assertEquals(
        0,
        reconciled.reconciliation().differences(),
        reconciled.reconciliation().examples().toString());
    assertEquals(List.of(), reconciled.reconciliation().examples());
  }

  @Test
  void aTaskDeliveredTwiceCountsOnce() throws Exception {
    RecomputeFanout f = RecomputeFanout.create(backend());
    Recompute.Started started = f.recompute().start(id, RecomputeMode.RECONCILE);
    List<RecomputeTask> tasks = f.tasksOf(started.recomputeId());
    assertEquals(List.of(), f.deliver(tasks.get(0)));
    assertEquals(List.of(), f.deliver(tasks.get(0)));
    RecomputeStatus afterTwo = f.recompute().status(id, started.recomputeId()).orElseThrow();
    assertEquals(1, afterTwo.doneShards().size(), "the redelivery counted the shard once");
    assertFalse(afterTwo.finished());
    // The same task straight through the core says what the redelivery did.
    assertEquals(Recompute.Outcome.ALREADY_COUNTED, f.recompute().run(tasks.get(0)));
    for (int shard = 1; shard < SHARDS; shard++) {
      assertEquals(List.of(), f.deliver(tasks.get(shard)));
    }
    assertEquals(List.of(), f.deliver(tasks.get(SHARDS - 1)));
    RecomputeStatus done = f.recompute().status(id, started.recomputeId()).orElseThrow();
    assertTrue(done.finished());
    assertEquals(SHARDS, done.doneShards().size());
  }

  @Test
  void partsMergedInAnyOrderGiveEqualCells() throws Exception {
    List<CampaignCells> perShard = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      perShard.add(shardRead(shard));
    }
    CampaignCells forward = new CampaignCells();
    perShard.forEach(forward::merge);
    Random rnd = new Random(3);
    for (int trial = 0; trial < 5; trial++) {
      List<CampaignCells> shuffled = new ArrayList<>(perShard);
      Collections.shuffle(shuffled, rnd);
      CampaignCells merged = new CampaignCells();
      // Decoded from the stored encoding, as the finishing task reads the parts.
      shuffled.forEach(c -> merged.merge(CampaignCells.decode(c.encode())));
      assertEquals(0, forward.differenceCount(merged));
    }
    // And end to end: tasks completing in reverse order seed the same cells.
    RecomputeFanout f = RecomputeFanout.create(backend());
    List<Integer> reverse = inOrder();
    Collections.reverse(reverse);
    assertTrue(f.run(id, RecomputeMode.SEED, reverse).finished());
    assertEquals(0, forward.differenceCount(aggregates().current(id).orElseThrow()));
  }

  @Test
  void reconcileReportsAnAlteredAggregateAndASeedRepairsIt() throws Exception {
    RecomputeFanout f = RecomputeFanout.create(backend());
    CampaignCells truth = fullRead();
    // An aggregate that lost one shard's enrolments: the cells of that shard differ.
    CampaignCells altered = new CampaignCells();
    for (int shard = 1; shard < SHARDS; shard++) {
      altered.merge(shardRead(shard));
    }
    long expectedDifferences = truth.differenceCount(altered);
    assertTrue(expectedDifferences > 0, "shard 0 holds enrolments");
    aggregates().seed(id, altered, Instant.now());

    RecomputeStatus found = f.run(id, RecomputeMode.RECONCILE, inOrder());
    assertEquals(expectedDifferences, found.reconciliation().differences());
    assertFalse(found.reconciliation().examples().isEmpty());
    assertTrue(found.reconciliation().examples().size() <= Recompute.EXAMPLES);

    assertTrue(f.run(id, RecomputeMode.SEED, inOrder()).finished());
    assertEquals(0, f.run(id, RecomputeMode.RECONCILE, inOrder()).reconciliation().differences());
  }

  @Test
  void unreadableItemsAreCountedOnceAndSkipped() throws Exception {
    String other = Campaigns.uniqueId("recompute-bad");
    ObjectNode c = Campaigns.evenSplit();
    c.put(
        "startAt",
        Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString());
    c.remove("endAt");
    c.put("shards", 2);
    assertEquals(201, http.put("/campaigns/" + other, c.toString()).status());
    backend()
        .dynamo()
        .putItem(
            p ->
                p.tableName(backend().tables().enrolments())
                    .item(
                        Map.of(
                            "pk", AttributeValue.fromS(other + "#1"),
                            "userId", AttributeValue.fromS("written-by-hand"),
                            "group", AttributeValue.fromN("7"))));
    RecomputeFanout f = RecomputeFanout.create(backend());
    Recompute.Started started = f.recompute().start(other, RecomputeMode.RECONCILE);
    List<RecomputeTask> tasks = f.tasksOf(started.recomputeId());
    for (RecomputeTask t : List.of(tasks.get(1), tasks.get(1), tasks.get(0))) {
      assertEquals(List.of(), f.deliver(t));
    }
    RecomputeStatus done = f.recompute().status(other, started.recomputeId()).orElseThrow();
    assertTrue(done.finished());
    assertEquals(1, done.unreadable());
  }
}
