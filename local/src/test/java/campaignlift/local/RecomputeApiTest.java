package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Campaign;
import campaignlift.evaluation.CampaignCells;
import campaignlift.store.Backend;
import campaignlift.store.DynamoAggregates;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoEnrolmentReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recomputation routes over real HTTP on the twin, the tasks going through ElasticMQ to the
 * worker function by the twin's SQS event source, and the upgrade path (docs/aggregates.md): a
 * campaign whose enrolments were written with no aggregates is seeded through the API, its
 * aggregates then equal a full read, and a reconcile afterwards finds no difference.
 */
class RecomputeApiTest extends TwinTest {
  private static final int SHARDS = 3;
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static SqsEventSources workers;
  private static String id;

  @BeforeAll
  static void load() {
    workers =
        backends.backends().eventSources(backends.template(), backends.functions(), null, null);
    id = Campaigns.uniqueId("recompute-api");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode c = Campaigns.evenSplit();
    c.put("startAt", now.minus(Duration.ofDays(30)).toString());
    c.remove("endAt");
    c.put("shards", SHARDS);
    assertEquals(201, http.put("/campaigns/" + id, c.toString()).status());
    ObjectNode xs = Http.JSON.createObjectNode();
    ObjectNode os = Http.JSON.createObjectNode();
    ArrayNode exposures = xs.putArray("exposures");
    ArrayNode outcomes = os.putArray("outcomes");
    for (int i = 0; i < 60; i++) {
      Instant t0 = now.minus(Duration.ofDays(2 + i % 20)).plusSeconds(i);
      exposures
          .addObject()
          .put("userId", "v" + i)
          .put("at", t0.toString())
          .putObject("attributes")
          .put("channel", i % 2 == 0 ? "email" : "push");
      for (int k = 0; k < i % 3; k++) {
        outcomes
            .addObject()
            .put("eventId", id + "-" + i + "-" + k)
            .put("userId", "v" + i)
            .put("type", "activity")
            .put("at", t0.plusSeconds(600 + k).toString());
      }
    }
    assertEquals(200, http.post("/campaigns/" + id + "/exposures", xs.toString()).status());
    assertEquals(200, http.post("/outcomes", os.toString()).status());
  }

  @AfterAll
  static void stop() {
    workers.close();
  }

  private static Backend backend() {
    return backends.backend();
  }

  /** Starts a recomputation and waits (bounded) until its progress says finished. */
  private static JsonNode recomputeAndWait(String body) throws InterruptedException {
    Http.Response started = http.post("/campaigns/" + id + "/recomputations", body);
    assertEquals(202, started.status(), started.raw().body());
    assertEquals(SHARDS, started.json().path("shards").asInt());
    String location = started.raw().headers().firstValue("location").orElseThrow();
    assertEquals(
        "/campaigns/" + id + "/recomputations/" + started.json().path("recomputeId").asText(),
        location);
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      Http.Response progress = http.get(location);
      assertEquals(200, progress.status(), progress.raw().body());
      if (progress.json().path("finished").asBoolean()) {
        return progress.json();
      }
      assertTrue(
          Instant.now().isBefore(deadline),
          "not finished within " + PATIENCE + ": " + progress.json());
      Thread.sleep(50);
    }
  }

  private static CampaignCells fullRead() {
    Campaign campaign =
        new DynamoCampaignRepository(backend().dynamo(), backend().tables().campaigns())
            .find(id)
            .orElseThrow()
            .campaign();
    CampaignCells.Settings settings = CampaignCells.Settings.of(campaign);
    CampaignCells all = new CampaignCells();
    DynamoEnrolmentReader reader =
        new DynamoEnrolmentReader(backend().dynamo(), backend().tables().enrolments());
    for (int shard = 0; shard < SHARDS; shard++) {
      reader.readShard(id, shard, e -> all.add(e, settings, +1));
    }
    return all;
  }

  @Test
  void seedingThroughTheApiMakesTheAggregatesEqualAFullReadAndReconcileFindsNothing()
      throws Exception {
    DynamoAggregates aggregates =
        new DynamoAggregates(
            backend().dynamo(), backend().tables().aggregates(), java.time.Clock.systemUTC());
    assertTrue(aggregates.current(id).isEmpty(), "written with no aggregates");

    JsonNode seeded = recomputeAndWait("{\"mode\": \"seed\"}");
    assertEquals("seed", seeded.path("mode").asText());
    assertEquals(SHARDS, seeded.path("shardsDone").asInt());
    assertFalse(seeded.has("differences"), "a seed compares nothing");
    CampaignCells expected = fullRead();
    CampaignCells stored = aggregates.current(id).orElseThrow();
    assertEquals(0, expected.differenceCount(stored), expected.differences(stored, 5).toString());

    JsonNode reconciled = recomputeAndWait("");
    assertEquals("reconcile", reconciled.path("mode").asText());
    assertEquals(0, reconciled.path("differences").asLong(), reconciled.toString());
    assertEquals(0, reconciled.path("examples").size());
  }

  @Test
  void refusalsNameWhatIsWrong() {
    String missing = Campaigns.uniqueId("nope");
    Http.Response unknown = http.post("/campaigns/" + missing + "/recomputations", "");
    assertEquals(404, unknown.status());
    assertEquals("not_found", unknown.error().path("code").asText());

    Http.Response badMode =
        http.post("/campaigns/" + id + "/recomputations", "{\"mode\": \"fast\"}");
    assertEquals(400, badMode.status());
    assertTrue(badMode.namesField("mode"), badMode.raw().body());

    Http.Response numericMode = http.post("/campaigns/" + id + "/recomputations", "{\"mode\": 1}");
    assertEquals(400, numericMode.status());
    assertTrue(numericMode.namesField("mode"), numericMode.raw().body());

    Http.Response unknownField =
        http.post("/campaigns/" + id + "/recomputations", "{\"mood\": \"seed\"}");
    assertEquals(400, unknownField.status());
    assertTrue(unknownField.namesField("mood"), unknownField.raw().body());

    assertEquals(404, http.get("/campaigns/" + id + "/recomputations/never-started").status());
    assertEquals(404, http.get("/campaigns/" + missing + "/recomputations/x").status());
  }
}
