package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * docs/write-path.md delivery guarantees over real HTTP on DynamoDB Local: exactly once under
 * redelivery and half-failed batches, concurrency from several clients on the same users, and
 * injected faults. Every scenario ends by comparing each enrolment with the values computed
 * straight from the raw records, and the campaign's stream-fed aggregates with a full read of them.
 */
class DeliveryGuaranteesTest extends TwinTest {

  private static void assertMatchesRawData(Dataset data, Loader loader) {
    OrderIndependenceTest.assertSame(
        data.expected(loader.assignments()),
        StoredEnrolments.read(backends.backend(), data.campaignId, data.prefix),
        data.prefix);
    // And the stream folded every change of it exactly once (docs/aggregates.md).
    FoldedAggregates.assertEqualToFullRead(backends, data.campaignId);
  }

  @Test
  void everyBatchSentTwiceCountsOnce() {
    Dataset data = new Dataset(Campaigns.uniqueId("twice") + "-", 300, 7, Instant.now());
    Loader first = new Loader(http, data);
    first.createCampaign();
    Loader again = new Loader(http, data);
    for (String body : Dataset.bodies("exposures", data.exposureJson(), 100)) {
      String path = "/campaigns/" + data.campaignId + "/exposures";
      first.count(http.post(path, body));
      again.count(http.post(path, body));
    }
    for (String body : Dataset.bodies("outcomes", data.outcomeJson(), 100)) {
      first.count(http.post("/outcomes", body));
      again.count(http.post("/outcomes", body));
    }
    long records = data.exposures.size() + data.outcomes.size();
    assertEquals(records, first.accepted + first.conflicts);
    assertEquals(0, again.accepted + again.conflicts, "the second delivery records nothing");
    assertEquals(records, again.duplicates);
    assertMatchesRawData(data, first);
  }

  @Test
  void aBatchThatFailedHalfWayCompletesOnRetry() throws Exception {
    Dataset data = new Dataset(Campaigns.uniqueId("halfway") + "-", 200, 11, Instant.now());
    Loader loader = new Loader(http, data);
    loader.createCampaign();
    try (TwinWithFaults faulty = new TwinWithFaults(3)) {
      List<String> exposures = Dataset.bodies("exposures", data.exposureJson(), 1000);
      List<String> outcomes = Dataset.bodies("outcomes", data.outcomeJson(), 1000);
      String path = "/campaigns/" + data.campaignId + "/exposures";
      // Writes start failing while the batch is in flight: some users committed, the rest did not.
      faulty.faults.failWritesAfter(60);
      Http.Response failed = faulty.http.post(path, exposures.get(0));
      assertTrue(
          failed.status() >= 500, "a fault outlasting the retries is a 5xx: " + failed.status());
      assertEquals("internal", failed.error().path("code").asText());
      faulty.faults.failWrites(false);
      assertEquals(200, faulty.http.post(path, exposures.get(0)).status(), "the retry completes");

      faulty.faults.failWritesAfter(60);
      assertTrue(faulty.http.post("/outcomes", outcomes.get(0)).status() >= 500);
      faulty.faults.failWrites(false);
      Http.Response retried = faulty.http.post("/outcomes", outcomes.get(0));
      assertEquals(200, retried.status());
      assertTrue(retried.json().path("duplicates").asLong() > 0, "part had committed before");
      for (String rest : outcomes.subList(1, outcomes.size())) {
        assertEquals(200, faulty.http.post("/outcomes", rest).status());
      }
      for (String rest : exposures.subList(1, exposures.size())) {
        assertEquals(200, faulty.http.post(path, rest).status());
      }
      assertTrue(faulty.faults.failedWrites.get() > 0);
    }
    assertMatchesRawData(data, loader);
  }

  @Test
  void eightClientsOnTheSameUsersLoseNothingAndCountNothingTwice() throws Exception {
    Dataset data = new Dataset(Campaigns.uniqueId("race") + "-", 12, 5, Instant.now(), 40);
    Loader loader = new Loader(http, data);
    loader.createCampaign();
    List<ObjectNode[]> all = data.shuffledTogether(99);
    int clients = 8;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Loader> loaders = new ArrayList<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        List<ObjectNode[]> slice = new ArrayList<>();
        for (int i = c; i < all.size(); i += clients) {
          slice.add(all.get(i));
        }
        // Every client also resends another client's slice: concurrent duplicates of the same
        // records.
        List<ObjectNode[]> other = new ArrayList<>();
        for (int i = (c + 1) % clients; i < all.size(); i += clients) {
          other.add(all.get(i));
        }
        slice.addAll(other);
        Collections.shuffle(slice, new Random(c));
        Loader l = new Loader(http, data);
        loaders.add(l);
        done.add(pool.submit(() -> l.mixed(slice, 5)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long accepted = loaders.stream().mapToLong(l -> l.accepted + l.conflicts).sum();
    long duplicates = loaders.stream().mapToLong(l -> l.duplicates).sum();
    assertEquals(all.size(), accepted, "each record recorded exactly once");
    assertEquals(all.size(), duplicates, "each resent record answered as a duplicate");
    assertMatchesRawData(data, loader);
  }

  @Test
  void injectedFaultsInTenPercentOfCallsChangeNothing() throws Exception {
    Dataset data = new Dataset(Campaigns.uniqueId("faults") + "-", 250, 13, Instant.now());
    try (TwinWithFaults faulty = new TwinWithFaults(17)) {
      Loader loader = new Loader(faulty.http, data);
      loader.createCampaign();
      faulty.faults.rate(0.10);
      loader.shuffledChunks(data.shuffledTogether(5), 200, 6);
      faulty.faults.rate(0);
      assertTrue(faulty.faults.throttles.get() > 0, "throttling injected");
      assertTrue(faulty.faults.serverErrors.get() > 0, "500s injected");
      assertTrue(faulty.faults.conflicts.get() > 0, "transaction conflicts injected");
      assertTrue(faulty.faults.unprocessed.get() > 0, "unprocessed keys injected");
      assertEquals(0, loader.duplicates, "no record was double-applied and then reported");
      assertMatchesRawData(data, loader);
    }
  }
}
