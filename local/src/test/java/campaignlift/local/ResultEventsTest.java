package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.notify.EventPublisher;
import campaignlift.notify.ResultEvent;
import campaignlift.notify.ResultEvents;
import campaignlift.store.EventBridgeEvents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Results as events on the twin (docs/result-events.md), over real HTTP end to end: the functions'
 * real EventBridge client puts the events of each stored evaluation on the twin's bus ({@link
 * LocalEventBus}), and the test reads what the bus recorded — the documented envelope and detail,
 * the figures of the stored result, the SRM and "became significant" events, the report link
 * resolved through the API, a scheduled run's events, and a bus that fails entries.
 */
class ResultEventsTest extends TwinTest {
  private static final Set<String> HEADLINE = Set.of("newUsers", "activity", "repeatPurchaseRate");

  /**
   * A campaign split 50/50 that enrolled 200 control and 300 coupon users (a sample ratio mismatch:
   * χ² = 20, p ≈ 8e-6), 30 days ago; 60% of coupon users and 30% of control users buy twice in
   * their window (a lift in the repeat purchase rate of +100%, z ≈ 4 at a fixed horizon).
   */
  private static String campaignWithEffectAndSrm() {
    String id = Campaigns.uniqueId("ResultEventsTest");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode c = Campaigns.evenSplit();
    c.put("name", "ResultEventsTest promo");
    c.put("startAt", now.minus(Duration.ofDays(60)).toString());
    c.remove("endAt");
    c.put("windowDays", 14);
    c.put("sequential", false);
    Http.Response put = http.put("/campaigns/" + id, c.toString());
    assertEquals(201, put.status(), put.raw().body());
    List<ObjectNode> exposures = new ArrayList<>();
    List<ObjectNode> outcomes = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      boolean coupon = i >= 200;
      String user = id + "-u" + i;
      Instant t0 = now.minus(Duration.ofDays(30)).plusSeconds(i);
      ObjectNode x = Http.JSON.createObjectNode();
      x.put("userId", user).put("at", t0.toString()).put("group", coupon ? "coupon" : "control");
      x.putObject("attributes").put("channel", "email");
      exposures.add(x);
      boolean repeats = coupon ? (i - 200) % 10 < 6 : i % 10 < 3;
      if (repeats) {
        for (int k = 0; k < 2; k++) {
          ObjectNode o = Http.JSON.createObjectNode();
          o.put("eventId", user + "-buy" + k).put("userId", user).put("type", "purchase");
          o.put("at", t0.plus(Duration.ofHours(1 + 48L * k)).toString()).put("value", 20);
          outcomes.add(o);
        }
      }
    }
    send("/campaigns/" + id + "/exposures", "exposures", exposures);
    send("/outcomes", "outcomes", outcomes);
    FoldedAggregates.awaitFolded();
    return id;
  }

  private static void send(String path, String field, List<ObjectNode> records) {
    // Small batches: DynamoDB Local on a busy machine writes a few hundred users a second.
    for (int from = 0; from < records.size(); from += 100) {
      ObjectNode body = Http.JSON.createObjectNode();
      ArrayNode array = body.putArray(field);
      records.subList(from, Math.min(records.size(), from + 100)).forEach(array::add);
      Http.Response r = http.post(path, body.toString());
      assertEquals(200, r.status(), r.raw().body());
    }
  }

  private static JsonNode evaluate(String id) {
    Http.Response r = http.post("/campaigns/" + id + "/evaluations", "{\"maturedOnly\": true}");
    assertEquals(201, r.status(), r.raw().body());
    return r.json();
  }

  /** The bus's events of one evaluation, as a rule's target receives them. */
  private static List<JsonNode> eventsOf(String campaignId, String evaluatedAt) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : backends.backends().events().events(campaignId)) {
      if (e.path("detail").path("evaluatedAt").asText().equals(evaluatedAt)) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<JsonNode> ofType(List<JsonNode> events, String type) {
    return events.stream().filter(e -> e.path("detail-type").asText().equals(type)).toList();
  }

  /** The headline rows of segment all that the result says are significant, as group/metric. */
  private static Set<String> significantHeadline(JsonNode result) {
    Set<String> out = new HashSet<>();
    for (JsonNode r : result.path("results")) {
      if (r.path("segment").path("attribute").asText().equals("all")
          && HEADLINE.contains(r.path("metric").asText())
          && r.path("significant").asBoolean()) {
        out.add(r.path("group").asText() + "/" + r.path("metric").asText());
      }
    }
    return out;
  }

  private static JsonNode row(JsonNode result, String group, String metric) {
    for (JsonNode r : result.path("results")) {
      if (r.path("segment").path("attribute").asText().equals("all")
          && r.path("group").asText().equals(group)
          && r.path("metric").asText().equals(metric)) {
        return r;
      }
    }
    throw new AssertionError("no row " + group + " " + metric);
  }

  /** The envelope and the detail fields docs/result-events.md documents, against the result. */
  private static void assertDocumented(JsonNode event, JsonNode result, String previous) {
    assertEquals("0", event.path("version").asText());
    assertEquals("campaign-lift", event.path("source").asText());
    assertEquals(LocalEventBus.ACCOUNT, event.path("account").asText());
    assertFalse(event.path("region").asText().isEmpty());
    assertEquals(36, event.path("id").asText().length(), "EventBridge's own id: " + event);
    assertTrue(event.path("resources").isArray() && event.path("resources").isEmpty());
    String evaluatedAt = result.path("evaluatedAt").asText();
    // EventBridge's time has whole seconds; the evaluation's own instant is in the detail.
    assertEquals(
        Instant.parse(evaluatedAt).truncatedTo(ChronoUnit.SECONDS).toString(),
        event.path("time").asText());
    JsonNode d = event.path("detail");
    assertEquals(1, d.path("schemaVersion").asInt());
    assertEquals(result.path("campaignId"), d.path("campaignId"));
    assertEquals(result.path("name"), d.path("name"));
    assertEquals(evaluatedAt, d.path("evaluatedAt").asText());
    assertEquals(previous, d.path("previousEvaluatedAt").textValue());
    assertEquals(result.path("settings").path("maturedOnly"), d.path("maturedOnly"));
    assertEquals(result.path("settings").path("sequential"), d.path("sequential"));
    assertEquals(result.path("settings").path("alpha"), d.path("alpha"));
    assertEquals(result.path("health").path("srm"), d.path("srm"));
    assertEquals(result.path("health").path("freshness"), d.path("freshness"));
    assertEquals(result.path("groups"), d.path("groups"));
    assertEquals(3, d.path("headline").size(), "3 headline metrics × 1 treatment group");
    for (JsonNode h : d.path("headline")) {
      JsonNode r = row(result, h.path("group").asText(), h.path("metric").asText());
      for (String f :
          List.of("significant", "relative", "absolute", "pValue", "pValueAdjusted", "control")) {
        assertEquals(r.path(f), h.path(f), f + " of " + h);
      }
      assertEquals(r.path("treatment"), h.path("treatment"));
    }
    String type = event.path("detail-type").asText();
    String slug = type.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    String expectedId = result.path("campaignId").asText() + "/" + evaluatedAt + "/" + slug;
    if (type.equals("Result Became Significant")) {
      JsonNode b = d.path("becameSignificant");
      expectedId += "/" + b.path("group").asText() + "/" + b.path("metric").asText();
    }
    assertEquals(expectedId, d.path("eventId").asText());
    JsonNode links = d.path("links");
    assertEquals(
        "s3://" + LocalBackends.LOCAL_BUCKET + "/" + result.path("report").path("key").asText(),
        links.path("report").asText());
    assertEquals(
        "s3://" + LocalBackends.LOCAL_BUCKET + "/" + result.path("snapshot").path("key").asText(),
        links.path("snapshot").asText());
  }

  @Test
  void anEvaluationPutsItsDocumentedEventsOnTheBus() throws Exception {
    String id = campaignWithEffectAndSrm();
    JsonNode first = evaluate(id);
    String firstAt = first.path("evaluatedAt").asText();
    assertTrue(first.path("health").path("srm").path("mismatch").asBoolean(), "200 vs 300 users");
    Set<String> significant = significantHeadline(first);
    assertTrue(
        significant.contains("coupon/repeatPurchaseRate"),
        "the lift: " + row(first, "coupon", "repeatPurchaseRate") + " " + first.path("groups"));

    // The events are on the bus when the API answers: put after the result was stored.
    List<JsonNode> events = eventsOf(id, firstAt);
    assertEquals(2 + significant.size(), events.size(), events.toString());
    assertEquals(1, ofType(events, "Evaluation Completed").size());
    assertEquals(1, ofType(events, "Sample Ratio Mismatch").size());
    Set<String> became = new HashSet<>();
    for (JsonNode e : ofType(events, "Result Became Significant")) {
      JsonNode b = e.path("detail").path("becameSignificant");
      became.add(b.path("group").asText() + "/" + b.path("metric").asText());
      assertEquals(
          row(first, b.path("group").asText(), b.path("metric").asText()).path("relative"),
          b.path("relative"));
    }
    assertEquals(significant, became, "no previous result: every significant headline row");
    for (JsonNode e : events) {
      assertDocumented(e, first, null);
    }

    // The links resolve: the latest result is this one, the report redirect serves its HTML,
    // and the report's S3 URI names an object that exists.
    JsonNode links = ofType(events, "Evaluation Completed").get(0).path("detail").path("links");
    JsonNode latest = http.get(links.path("resultPath").asText()).json();
    assertEquals(firstAt, latest.path("evaluatedAt").asText());
    assertEquals(
        firstAt,
        http.get(links.path("resultsPath").asText())
            .json()
            .path("items")
            .get(0)
            .path("evaluatedAt")
            .asText());
    Http.Response redirect = http.get(links.path("reportPath").asText());
    assertEquals(302, redirect.status());
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(redirect.raw().headers().firstValue("location").orElseThrow()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("ResultEventsTest promo"));
    String reportKey =
        links
            .path("report")
            .asText()
            .substring(("s3://" + LocalBackends.LOCAL_BUCKET + "/").length());
    assertTrue(
        backends
                .backend()
                .s3()
                .headObject(r -> r.bucket(LocalBackends.LOCAL_BUCKET).key(reportKey))
                .contentLength()
            > 0);

    // A second evaluation: the rows were significant before, so only completed and SRM.
    JsonNode second = evaluate(id);
    assertEquals(significant, significantHeadline(second));
    List<JsonNode> again = eventsOf(id, second.path("evaluatedAt").asText());
    assertEquals(
        List.of("Evaluation Completed", "Sample Ratio Mismatch"),
        again.stream().map(e -> e.path("detail-type").asText()).sorted().toList());
    for (JsonNode e : again) {
      assertDocumented(e, second, firstAt);
    }

    // A bus that fails one entry: the publisher sends it once more, nothing is lost.
    EventBridgeEvents bus = backends.backend().events();
    long lostBefore = bus.notPublished();
    backends.backends().events().failNextEntries(1, "InternalFailure");
    JsonNode third = evaluate(id);
    assertEquals(2, eventsOf(id, third.path("evaluatedAt").asText()).size());
    assertEquals(lostBefore, bus.notPublished());

    // A bus that fails every entry, retry included: the evaluation still stands, the loss counted.
    backends.backends().events().failNextEntries(1000, "InternalFailure");
    try {
      JsonNode fourth = evaluate(id);
      assertEquals(0, eventsOf(id, fourth.path("evaluatedAt").asText()).size());
      assertEquals(lostBefore + 2, bus.notPublished());
      assertEquals(
          fourth.path("evaluatedAt"),
          http.get("/campaigns/" + id + "/results/latest").json().path("evaluatedAt"));
    } finally {
      backends.backends().events().failNextEntries(0, null);
    }
  }

  @Test
  void aScheduledRunsEvaluationsPutTheirEvents() throws Exception {
    try (IsolatedTables tables = new IsolatedTables("ResultEventsTest")) {
      Http local = tables.http();
      String id = Campaigns.uniqueId("ResultEventsTest-sched");
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      ObjectNode c = Campaigns.evenSplit();
      c.put("startAt", now.minus(Duration.ofDays(60)).toString());
      c.remove("endAt");
      c.put("shards", 2);
      assertEquals(201, local.put("/campaigns/" + id, c.toString()).status());
      ObjectNode body = Http.JSON.createObjectNode();
      ArrayNode xs = body.putArray("exposures");
      for (int i = 0; i < 20; i++) {
        xs.addObject()
            .put("userId", id + "-u" + i)
            .put("at", now.minus(Duration.ofDays(30)).plusSeconds(i).toString())
            .put("group", i % 2 == 0 ? "control" : "coupon");
      }
      assertEquals(200, local.post("/campaigns/" + id + "/exposures", body.toString()).status());
      tables.streams().awaitCaughtUp(FoldedAggregates.CATCH_UP);

      JsonNode run = tables.schedule(Clock.fixed(now, ZoneOffset.UTC), null);
      assertEquals(id, run.path("evaluated").get(0).asText(), run.toString());
      // A worker's message redelivered under load is evaluated again (at-least-once), so every
      // stored result has its events, each naming the one stored before it.
      JsonNode stored = local.get("/campaigns/" + id + "/results").json().path("items");
      assertTrue(stored.size() >= 1, stored.toString());
      for (int i = 0; i < stored.size(); i++) {
        List<JsonNode> events = eventsOf(id, stored.get(i).path("evaluatedAt").asText());
        assertEquals(1, events.size(), events.toString());
        assertEquals("Evaluation Completed", events.get(0).path("detail-type").asText());
        JsonNode before = i + 1 < stored.size() ? stored.get(i + 1).path("evaluatedAt") : null;
        assertEquals(
            before == null ? null : before.asText(),
            events.get(0).path("detail").path("previousEvaluatedAt").textValue());
      }
      JsonNode latest = local.get("/campaigns/" + id + "/results/latest").json();
      List<JsonNode> events = eventsOf(id, latest.path("evaluatedAt").asText());
      assertDocumented(
          events.get(0),
          latest,
          stored.size() > 1 ? stored.get(1).path("evaluatedAt").asText() : null);
      assertFalse(latest.path("health").path("srm").path("mismatch").asBoolean());
    }
  }

  @Test
  void theBusSpeaksPutEventsAsTheSdkSendsItAndKeepsJsonLines() throws Exception {
    Path dir = Files.createTempDirectory("ResultEventsTest");
    Path file = dir.resolve("events.jsonl");
    try (LocalEventBus bus = LocalEventBus.start(file);
        EventBridgeEvents client = EventBridgeEvents.of(bus.endpoint(), null)) {
      // 23 events (three calls of at most ten), from a result stored by the shared twin.
      String id = Campaigns.uniqueId("ResultEventsTest-sdk");
      assertEquals(201, http.put("/campaigns/" + id, Campaigns.evenSplit().toString()).status());
      Result stored = ResultJson.read(evaluate(id), Result.class);
      List<ResultEvent> one = ResultEvents.of(stored, null, LocalBackends.LOCAL_BUCKET);
      List<ResultEvent> many = new ArrayList<>();
      while (many.size() < 23) {
        many.add(one.get(many.size() % one.size()));
      }
      bus.failNextEntries(3, "ThrottlingException");
      EventPublisher.Outcome outcome = client.publish(many);
      assertEquals(23, outcome.published(), outcome.failures().toString());
      assertEquals(23, bus.events().size());

      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertEquals(23, lines.size());
      Map<String, Integer> types = new HashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        JsonNode line = Http.JSON.readTree(lines.get(i));
        assertEquals(bus.events().get(i), line, "the file holds what the bus recorded");
        assertEquals("campaign-lift", line.path("source").asText());
        types.merge(line.path("detail-type").asText(), 1, Integer::sum);
        // Each detail is the JSON the publisher sent.
        JsonNode sent = Http.JSON.readTree(many.get(0).detailJson());
        assertEquals(sent.path("campaignId"), line.path("detail").path("campaignId"));
      }
      assertTrue(types.get("Evaluation Completed") >= 1, types.toString());

      // GET /events lists them as JSON lines, filtered by campaign.
      HttpResponse<String> listed =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(bus.endpoint() + "/events?campaignId=" + id))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(23, listed.body().lines().count());

      // Entries failing twice are given up, counted and named.
      bus.failNextEntries(1000, "InternalFailure");
      EventPublisher.Outcome lost = client.publish(one);
      assertEquals(0, lost.published());
      assertEquals(one.size(), lost.failures().size());
      assertTrue(lost.failures().get(0).error().startsWith("InternalFailure"));
      assertEquals(one.size(), client.notPublished());
      assertEquals(23, Files.readAllLines(file).size(), "nothing more recorded");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }
}
