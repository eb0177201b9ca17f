package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.aggregate.Recompute;
import campaignlift.aggregate.RecomputeMode;
import campaignlift.aggregate.RecomputeStatus;
import campaignlift.aggregate.RecomputeTask;
import campaignlift.campaign.Campaign;
import campaignlift.evaluation.CampaignCells;
import campaignlift.handler.RecomputeWorkerHandler;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.store.Backend;
import campaignlift.store.DynamoAggregates;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoEnrolmentReader;
import campaignlift.store.EnrolmentItems;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A write shard too big for one task (docs/aggregates.md): with the function's deadline near, each
 * task reads one Query page, stores it as a segment of the shard's part and sends the next segment
 * from the last key read; a redelivered segment counts once, and the seeded cells equal a full
 * read. Also measures how fast one task reads a shard.
 */
class RecomputeSegmentsTest extends TwinTest {
  /** Enough items of the enrolment format for a single shard to span several 1 MB pages. */
  private static final int ENROLMENTS = 12_000;

  private static String id;
  private static Campaign campaign;

  @BeforeAll
  static void load() {
    id = Campaigns.uniqueId("recompute-big");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode c = Campaigns.evenSplit();
    c.put("startAt", now.minus(Duration.ofDays(60)).toString());
    c.remove("endAt");
    c.put("shards", 1);
    assertEquals(201, http.put("/campaigns/" + id, c.toString()).status());
    campaign =
        new DynamoCampaignRepository(backend().dynamo(), backend().tables().campaigns())
            .find(id)
            .orElseThrow()
            .campaign();
    // Written straight to the table in the write path's item format (as the benchmarks seed):
    // twelve thousand users through the API would only slow the test down.
    Random rnd = new Random(5);
    List<WriteRequest> batch = new ArrayList<>();
    for (int i = 0; i < ENROLMENTS; i++) {
      String user = String.format("big-%06d", i);
      String group = rnd.nextBoolean() ? "control" : "coupon";
      Instant t0 = now.minus(Duration.ofMinutes(60 + rnd.nextInt(50 * 24 * 60)));
      long purchases = rnd.nextInt(3);
      Counters counters =
          new Counters(
              0,
              rnd.nextInt(9),
              purchases,
              BigDecimal.valueOf(purchases * (100 + rnd.nextInt(9900)), 2),
              0,
              rnd.nextInt(5),
              0,
              BigDecimal.ZERO,
              purchases,
              0);
      Enrolment e =
          new Enrolment(
              id,
              user,
              0,
              group,
              t0,
              campaign.windowDays(),
              Map.of("channel", "ch" + rnd.nextInt(4)),
              Set.of(group),
              1 + rnd.nextInt(2),
              t0.minus(Duration.ofDays(rnd.nextInt(100))),
              counters);
      batch.add(
          WriteRequest.builder()
              .putRequest(PutRequest.builder().item(EnrolmentItems.item(e)).build())
              .build());
      if (batch.size() == 25 || i == ENROLMENTS - 1) {
        write(batch);
        batch = new ArrayList<>();
      }
    }
  }

  private static void write(List<WriteRequest> requests) {
    Map<String, List<WriteRequest>> pending = Map.of(backend().tables().enrolments(), requests);
    for (int round = 0; !pending.isEmpty(); round++) {
      assertTrue(round < 50, "items stayed unprocessed");
      Map<String, List<WriteRequest>> current = pending;
      var r = backend().dynamo().batchWriteItem(b -> b.requestItems(current));
      pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
    }
  }

  private static Backend backend() {
    return backends.backend();
  }

  /** Query pages of the campaign's only shard, counted directly. */
  private static int pages() {
    int pages = 0;
    for (var ignored :
        backend()
            .dynamo()
            .queryPaginator(
                DynamoEnrolmentReader.shardQuery(backend().tables().enrolments(), id, 0))) {
      pages++;
    }
    return pages;
  }

  @Test
  void aShardReadInSegmentsNearTheDeadlineSeedsTheSameCellsAsAFullRead() throws Exception {
    long rawBegan = System.nanoTime();
    int pages = pages();
    double rawSeconds = (System.nanoTime() - rawBegan) / 1e9;
    assertTrue(pages >= 3, "the shard spans " + pages + " pages");

    CampaignCells expected = new CampaignCells();
    CampaignCells.Settings settings = CampaignCells.Settings.of(campaign);
    long began = System.nanoTime();
    new DynamoEnrolmentReader(backend().dynamo(), backend().tables().enrolments())
        .readShard(id, 0, e -> expected.add(e, settings, +1));
    double seconds = (System.nanoTime() - began) / 1e9;
    // Beside the raw Query of the same pages: what the folding adds to the reading.
    System.out.printf(
        "recompute: one shard of %d enrolments (%d pages) read and folded in %.2f s (%.0f/s);"
            + " the raw Query of its pages %.2f s%n",
        ENROLMENTS, pages, seconds, ENROLMENTS / seconds, rawSeconds);

    RecomputeFanout f = RecomputeFanout.create(backend());
    Recompute.Started started = f.recompute().start(id, RecomputeMode.SEED);
    // Less time left than the worker keeps in hand: every task reads one page and goes on later.
    int nearDeadline = RecomputeWorkerHandler.RESERVE_MILLIS - 1;
    Set<RecomputeTask> delivered = new HashSet<>();
    List<RecomputeTask> next = f.tasksOf(started.recomputeId());
    boolean redelivered = false;
    while (delivered.size() < next.size()) {
      for (RecomputeTask task : next) {
        if (delivered.add(task)) {
          assertEquals(List.of(), f.deliver(task, nearDeadline));
          if (task.segment() == 1 && !redelivered) {
            // A segment delivered twice: counted once, its successor sent again and deduplicated.
            assertEquals(List.of(), f.deliver(task, nearDeadline));
            redelivered = true;
          }
        }
      }
      next = new ArrayList<>(new HashSet<>(f.tasksOf(started.recomputeId())));
      assertTrue(next.size() <= 2 * pages + 2, "no endless chain of segments: " + next.size());
    }
    RecomputeStatus done = f.recompute().status(id, started.recomputeId()).orElseThrow();
    assertTrue(done.finished(), done.toString());
    assertTrue(redelivered);
    assertEquals(pages, delivered.size(), "one segment per page");
    CampaignCells seeded =
        new DynamoAggregates(
                backend().dynamo(), backend().tables().aggregates(), java.time.Clock.systemUTC())
            .current(id)
            .orElseThrow();
    assertEquals(0, expected.differenceCount(seeded), expected.differences(seeded, 5).toString());
  }
}
