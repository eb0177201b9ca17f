package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Assignment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The campaign registry over real HTTP on the local twin, against real DynamoDB semantics. */
class CampaignApiTest extends TwinTest {

  @Test
  void putCreatesThenGetReturnsTheCampaignWithDefaultsFilledIn() {
    String id = Campaigns.uniqueId("create");
    Http.Response created = http.put("/campaigns/" + id, Campaigns.valid().toString());
    assertEquals(201, created.status(), created.raw().body());
    JsonNode got = http.get("/campaigns/" + id).json();
    assertEquals(id, got.path("campaignId").asText());
    assertEquals("Spring promo", got.path("name").asText());
    assertEquals("2026-03-01T00:00:00Z", got.path("startAt").asText());
    assertEquals("2026-06-29T22:00:00Z", got.path("endAt").asText(), "offset normalised to UTC");
    assertEquals(14, got.path("windowDays").asInt());
    assertEquals(30, got.path("newUserDays").asInt());
    assertEquals(0.05, got.path("alpha").asDouble());
    assertTrue(got.path("sequential").asBoolean());
    assertTrue(got.path("cuped").asBoolean());
    assertEquals("bh", got.path("correction").asText());
    assertEquals(16, got.path("shards").asInt());
    assertEquals("control", got.path("groups").get(0).path("name").asText());
    assertTrue(got.path("groups").get(0).path("control").asBoolean());
    assertEquals(0.9, got.path("groups").get(1).path("weight").asDouble());
    assertEquals("channel", got.path("segmentAttributes").get(0).asText());
    assertEquals(created.json(), got);
  }

  @Test
  void putAgainReplacesAndAnswers200() {
    String id = Campaigns.uniqueId("replace");
    assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
    ObjectNode changed = Campaigns.valid().put("name", "Renamed").put("alpha", 0.1);
    Http.Response r = http.put("/campaigns/" + id, changed.toString());
    assertEquals(200, r.status(), r.raw().body());
    JsonNode got = http.get("/campaigns/" + id).json();
    assertEquals("Renamed", got.path("name").asText());
    assertEquals(0.1, got.path("alpha").asDouble());
  }

  @Test
  void unknownCampaignIs404AndUnknownRouteIs404() {
    Http.Response missing = http.get("/campaigns/" + Campaigns.uniqueId("missing"));
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.error().path("code").asText());
    Http.Response route = http.get("/nothing/here");
    assertEquals(404, route.status());
    // No function runs: API Gateway's own body, as on AWS.
    assertEquals("Not Found", route.json().path("message").asText());
  }

  @Test
  void malformedJsonIs400AndWritesNothing() {
    String id = Campaigns.uniqueId("badjson");
    Http.Response r = http.put("/campaigns/" + id, "{\"name\": ");
    assertEquals(400, r.status());
    assertEquals("bad_json", r.error().path("code").asText());
    assertFalse(r.raw().body().contains("at com."), "no stack trace");
    assertEquals(404, http.get("/campaigns/" + id).status());
  }

  @Test
  void bodyOverOneMegabyteIs413AndWritesNothing() {
    String id = Campaigns.uniqueId("big");
    ObjectNode body = Campaigns.valid().put("name", "x".repeat(1024 * 1024 + 10));
    Http.Response r = http.put("/campaigns/" + id, body.toString());
    assertEquals(413, r.status());
    assertEquals("payload_too_large", r.error().path("code").asText());
    assertEquals(404, http.get("/campaigns/" + id).status());
  }

  @Test
  void shardsAreFixedAtCreation() {
    String id = Campaigns.uniqueId("shards");
    assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
    Http.Response r = http.put("/campaigns/" + id, Campaigns.valid().put("shards", 32).toString());
    assertEquals(409, r.status());
    assertTrue(r.namesField("shards"));
    assertEquals(16, http.get("/campaigns/" + id).json().path("shards").asInt());
  }

  @Test
  void designCannotChangeOnceUsersAreEnrolledButOtherSettingsCan() {
    String id = Campaigns.uniqueId("design");
    assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
    // Before any exposure the design may change freely.
    ObjectNode longer = Campaigns.valid().put("windowDays", 21);
    assertEquals(200, http.put("/campaigns/" + id, longer.toString()).status());
    enrol(id, 3);

    ObjectNode weights = Campaigns.valid().put("windowDays", 21);
    ((ObjectNode) weights.withArray("groups").get(0)).put("weight", 0.2);
    ((ObjectNode) weights.withArray("groups").get(1)).put("weight", 0.8);
    Http.Response w = http.put("/campaigns/" + id, weights.toString());
    assertEquals(409, w.status(), w.raw().body());
    assertEquals("conflict", w.error().path("code").asText());
    Http.Response window = http.put("/campaigns/" + id, Campaigns.valid().toString());
    assertEquals(409, window.status(), "windowDays back to 14 is a design change");

    ObjectNode renamed = Campaigns.valid().put("windowDays", 21).put("name", "Still fine");
    assertEquals(200, http.put("/campaigns/" + id, renamed.toString()).status());
    JsonNode got = http.get("/campaigns/" + id).json();
    assertEquals("Still fine", got.path("name").asText());
    assertEquals(21, got.path("windowDays").asInt());
    assertEquals(0.1, got.path("groups").get(0).path("weight").asDouble());
    assertTrue(got.hasNonNull("exposuresStartedAt"), "the put kept the exposures marker");
  }

  /** Enrols users through the exposures API (the write path sets the exposuresStartedAt marker). */
  private static void enrol(String campaignId, int users) {
    ObjectNode body = Http.JSON.createObjectNode();
    var exposures = body.putArray("exposures");
    for (int i = 0; i < users; i++) {
      exposures.addObject().put("userId", "enrolled-" + i).put("at", "2026-04-01T00:00:00Z");
    }
    Http.Response r = http.post("/campaigns/" + campaignId + "/exposures", body.toString());
    assertEquals(200, r.status(), r.raw().body());
  }

  @Test
  void listPagesThroughEveryCampaignExactlyOnce() {
    Set<String> mine = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      String id = Campaigns.uniqueId("list");
      mine.add(id);
      assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Http.Response page =
          http.get("/campaigns?limit=3" + (token == null ? "" : "&nextToken=" + token));
      assertEquals(200, page.status(), page.raw().body());
      assertTrue(page.json().path("items").size() <= 3);
      page.json().path("items").forEach(c -> seen.add(c.path("campaignId").asText()));
      token =
          page.json().path("nextToken").isNull() ? null : page.json().path("nextToken").asText();
      pages++;
    } while (token != null && pages < 1000);
    assertNull(token);
    assertTrue(seen.containsAll(mine), "every campaign listed");
    assertEquals(new HashSet<>(seen).size(), seen.size(), "no campaign listed twice");
  }

  @Test
  void badListQueryIs400NamingTheParameter() {
    Http.Response limit = http.get("/campaigns?limit=0");
    assertEquals(400, limit.status());
    assertTrue(limit.namesField("limit"));
    Http.Response big = http.get("/campaigns?limit=5000");
    assertTrue(big.namesField("limit"));
    Http.Response token = http.get("/campaigns?nextToken=%25%25garbage");
    assertEquals(400, token.status());
    assertTrue(token.namesField("nextToken"));
    Http.Response archived = http.get("/campaigns?archived=yes");
    assertEquals(400, archived.status());
    assertTrue(archived.namesField("archived"));
  }

  @Test
  void assignmentIsDeterministicFollowsTheWeightsAndWritesNothing() {
    String id = Campaigns.uniqueId("assign");
    assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
    int control = 0;
    int users = 400;
    for (int i = 0; i < users; i++) {
      JsonNode a = http.get("/campaigns/" + id + "/assignments/user-" + i).json();
      double bucket = Assignment.bucket(id, "user-" + i);
      assertEquals(bucket < 0.1 ? "control" : "coupon", a.path("group").asText());
      assertEquals(a, http.get("/campaigns/" + id + "/assignments/user-" + i).json());
      control += a.path("control").asBoolean() ? 1 : 0;
    }
    // 10% holdout: 40 expected; a 4-sigma band (sd = 6) keeps this from flaking across campaign
    // ids.
    assertTrue(control > 16 && control < 64, "control users: " + control);
    assertFalse(
        http.get("/campaigns/" + id).json().has("exposuresStartedAt"), "assignment enrols nobody");
  }

  @Test
  void assignmentValidatesTheUserAndTheCampaign() {
    String id = Campaigns.uniqueId("assign-bad");
    assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
    Http.Response bad = http.get("/campaigns/" + id + "/assignments/" + "u".repeat(129));
    assertEquals(400, bad.status());
    assertTrue(bad.namesField("userId"));
    assertEquals(404, http.get("/campaigns/nope-" + id + "/assignments/u1").status());
  }

  @Test
  void concurrentPutsAllLandAndTheLastWriteIsComplete() throws Exception {
    String id = Campaigns.uniqueId("race");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Http.Response>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String body = Campaigns.valid().put("name", "writer " + i).toString();
        futures.add(pool.submit(() -> http.put("/campaigns/" + id, body)));
      }
      int created = 0;
      for (Future<Http.Response> f : futures) {
        Http.Response r = f.get();
        assertTrue(r.status() == 200 || r.status() == 201 || r.status() == 409, r.raw().body());
        created += r.status() == 201 ? 1 : 0;
      }
      assertEquals(1, created, "exactly one request created the campaign");
    } finally {
      pool.shutdown();
    }
    JsonNode got = http.get("/campaigns/" + id).json();
    assertNotNull(got);
    assertTrue(got.path("name").asText().startsWith("writer "));
  }
}
