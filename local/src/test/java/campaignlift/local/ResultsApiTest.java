package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The results API over real HTTP on the local twin: evaluate (maturedOnly on and off), latest,
 * paginated history, the report redirect to a presigned S3 URL, and the S3 snapshot recomputed by
 * {@code ./lift stats}.
 */
class ResultsApiTest extends TwinTest {
  static final String NAME = "Promo <script>alert('x')</script> & friends";
  private static String id;

  @BeforeAll
  static void load() throws Exception {
    id = Campaigns.uniqueId("results");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode c = Campaigns.evenSplit();
    c.put("name", NAME);
    c.put("startAt", now.minus(Duration.ofDays(90)).toString());
    c.remove("endAt");
    c.put("windowDays", 7);
    c.put("cost", 250.0);
    c.put("shards", 4);
    assertEquals(201, http.put("/campaigns/" + id, c.toString()).status());
    Random rnd = new Random(7);
    ObjectNode xs = Http.JSON.createObjectNode();
    ObjectNode os = Http.JSON.createObjectNode();
    ArrayNode exposures = xs.putArray("exposures");
    ArrayNode outcomes = os.putArray("outcomes");
    for (int i = 0; i < 100; i++) {
      boolean mature = i < 80;
      Instant t0 = now.minus(Duration.ofDays(mature ? 20 : 2)).plusSeconds(i);
      ObjectNode x = exposures.addObject();
      x.put("userId", "r" + i).put("at", t0.toString());
      x.put("group", i % 2 == 0 ? "control" : "coupon");
      x.putObject("attributes").put("channel", "<img src=x onerror=alert(1)>" + (i % 3));
      for (int k = 0; k < 1 + rnd.nextInt(4) + (i % 2); k++) {
        ObjectNode o = outcomes.addObject();
        o.put("eventId", id + "-a" + i + "-" + k).put("userId", "r" + i).put("type", "activity");
        o.put("at", t0.plusSeconds(60 + rnd.nextInt(86400)).toString());
      }
      ObjectNode pre = outcomes.addObject();
      pre.put("eventId", id + "-p" + i).put("userId", "r" + i).put("type", "activity");
      pre.put("at", t0.minusSeconds(3600 + rnd.nextInt(86400)).toString());
      if (rnd.nextDouble() < (i % 2 == 0 ? 0.3 : 0.5)) {
        ObjectNode o = outcomes.addObject();
        o.put("eventId", id + "-b" + i).put("userId", "r" + i).put("type", "purchase");
        o.put("at", t0.plusSeconds(7200).toString()).put("value", 12.5 + i);
      }
    }
    assertEquals(200, http.post("/campaigns/" + id + "/exposures", xs.toString()).status());
    Http.Response r = http.post("/outcomes", os.toString());
    assertEquals(200, r.status(), r.raw().body());
  }

  @Test
  void unknownCampaignIs404OnEveryRoute() {
    String missing = Campaigns.uniqueId("nope");
    assertEquals(404, http.post("/campaigns/" + missing + "/evaluations", "").status());
    assertEquals(404, http.get("/campaigns/" + missing + "/results/latest").status());
    assertEquals(404, http.get("/campaigns/" + missing + "/results").status());
    assertEquals(404, http.get("/campaigns/" + missing + "/report").status());
  }

  @Test
  void campaignWithoutResultsHasNoLatestAndNoReport() {
    String fresh = Campaigns.uniqueId("fresh");
    assertEquals(201, http.put("/campaigns/" + fresh, Campaigns.valid().toString()).status());
    assertEquals(404, http.get("/campaigns/" + fresh + "/results/latest").status());
    assertEquals(404, http.get("/campaigns/" + fresh + "/report").status());
    JsonNode list = http.get("/campaigns/" + fresh + "/results").json();
    assertEquals(0, list.path("items").size());
    assertTrue(list.path("nextToken").isNull());
  }

  @Test
  void badEvaluationBodiesAre400() {
    String path = "/campaigns/" + id + "/evaluations";
    Http.Response wrongType = http.post(path, "{\"maturedOnly\": \"yes\"}");
    assertEquals(400, wrongType.status());
    assertTrue(wrongType.namesField("maturedOnly"), wrongType.raw().body());
    assertEquals(400, http.post(path, "{\"matured\": true}").status());
    assertEquals(400, http.post(path, "[true]").status());
    Http.Response bad = http.post(path, "{nope");
    assertEquals(400, bad.status());
    assertEquals("bad_json", bad.error().path("code").asText());
    assertEquals(400, http.get("/campaigns/" + id + "/results?limit=0").status());
    assertEquals(400, http.get("/campaigns/" + id + "/results?nextToken=%21%21").status());
  }

  @Test
  void evaluateStoresResultsHistorySnapshotAndReport() throws Exception {
    String base = "/campaigns/" + id;
    FoldedAggregates.awaitFolded();
    Http.Response matured = http.post(base + "/evaluations", "");
    assertEquals(201, matured.status(), matured.raw().body());
    JsonNode m = matured.json();
    assertEquals(20, m.path("health").path("immatureExcluded").asLong());
    assertEquals(
        80,
        m.path("groups").get(0).path("analysed").asLong()
            + m.path("groups").get(1).path("analysed").asLong());
    assertEquals(
        100,
        m.path("groups").get(0).path("enrolled").asLong()
            + m.path("groups").get(1).path("enrolled").asLong());
    assertTrue(m.path("settings").path("maturedOnly").asBoolean());

    Http.Response all = http.post(base + "/evaluations", "{\"maturedOnly\": false}");
    assertEquals(201, all.status());
    assertEquals(0, all.json().path("health").path("immatureExcluded").asLong());
    assertFalse(all.json().path("settings").path("maturedOnly").asBoolean());
    Http.Response third = http.post(base + "/evaluations", "{\"maturedOnly\": true}");
    assertEquals(201, third.status());
    JsonNode result = third.json();
    JsonNode row = result.path("results").get(0);
    for (String f :
        List.of(
            "metric",
            "segment",
            "group",
            "control",
            "treatment",
            "absolute",
            "relative",
            "sequential",
            "cuped",
            "pValueAdjusted",
            "chanceToWin",
            "incremental",
            "significant")) {
      assertTrue(row.has(f), "row has " + f + ": " + row);
    }

    JsonNode latest = http.get(base + "/results/latest").json();
    assertEquals(result.path("evaluatedAt").asText(), latest.path("evaluatedAt").asText());
    assertEquals(result.path("results").size(), latest.path("results").size());

    JsonNode page1 = http.get(base + "/results?limit=2").json();
    assertEquals(2, page1.path("items").size());
    assertEquals(
        result.path("evaluatedAt").asText(),
        page1.path("items").get(0).path("evaluatedAt").asText());
    assertEquals(
        all.json().path("evaluatedAt").asText(),
        page1.path("items").get(1).path("evaluatedAt").asText());
    String token = page1.path("nextToken").asText();
    JsonNode page2 = http.get(base + "/results?limit=2&nextToken=" + token).json();
    assertEquals(1, page2.path("items").size());
    assertEquals(
        m.path("evaluatedAt").asText(), page2.path("items").get(0).path("evaluatedAt").asText());
    assertTrue(page2.path("nextToken").isNull());
    assertTrue(page2.path("items").get(0).path("headline").size() > 0);

    // The report: 302 to a presigned URL that serves the HTML, with user strings escaped.
    Http.Response redirect = http.get(base + "/report");
    assertEquals(302, redirect.status());
    String location = redirect.raw().headers().firstValue("location").orElseThrow();
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(location)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), page.body());
    String html = page.body();
    assertTrue(
        html.contains("Promo &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; friends"));
    assertFalse(html.contains("<script"), "no script element at all");
    assertFalse(html.contains("<img"), "attribute values are escaped");
    assertTrue(html.contains("activity"));

    // The snapshot: in S3, digest verified and every row recomputed exactly by ./lift stats.
    String key = result.path("snapshot").path("key").asText();
    assertEquals("snapshots/" + id + "/" + result.path("evaluatedAt").asText() + ".json", key);
    byte[] snapshot = Snapshots.read(backends, result);
    Snapshots.assertRecomputesEveryRow(snapshot, result);
    // A tampered snapshot is refused.
    JsonNode doc = Http.JSON.readTree(snapshot);
    ((ArrayNode) doc.path("statistics").get(0).path("metrics").path("activity")).set(1, 12345.0);
    Snapshots.Run tampered = Snapshots.stats(doc.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(2, tampered.code());
    assertTrue(tampered.err().contains("digest"), tampered.err());
  }
}
