package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.evaluation.EvaluationService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stored data that the current rules reject (docs/stored-data.md): items written straight into the
 * tables, as an older version, a hand edit or a since-closed hole in validation would have left
 * them, must never break a listing, a scheduled run or the operator's way to fix or retire them.
 * Each test runs on its own tables so listings and scheduled runs see exactly its campaigns.
 */
class StoredDataTest {
  /**
   * What {@code PUT} stored for {@code "endAt": "+999999999-12-31T23:59:59-18:00"} before instants
   * were bounded: the UTC form of that instant, which lies past year 999,999,999.
   */
  static final String FAR_END = "+1000000000-01-01T17:59:59Z";

  private static IsolatedTables tables;
  private static Http http;
  private static Instant now;

  /** Fresh tables per test: listings and scheduled runs must see only that test's items. */
  @BeforeEach
  void start() throws Exception {
    tables = new IsolatedTables("stored");
    http = tables.http();
    now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    tables.close();
  }

  @Test
  void unreadableCampaignsAreSkippedReportedAndCanBeReplacedOrArchived() throws Exception {
    List<String> good = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      good.add(create("good", 10));
    }
    // A hostile date, an item with its definition gone and its version garbled, broken JSON.
    String farEnd = Campaigns.uniqueId("far-end");
    Map<String, AttributeValue> template = storedItem(good.get(0));
    Map<String, AttributeValue> poisoned = new HashMap<>(template);
    poisoned.put("campaignId", AttributeValue.fromS(farEnd));
    ObjectNode definition = (ObjectNode) Http.JSON.readTree(template.get("definition").s());
    definition.put("campaignId", farEnd).put("endAt", FAR_END);
    poisoned.put("definition", AttributeValue.fromS(definition.toString()));
    poisoned.remove("exposuresStartedAt");
    putItem(poisoned);
    String garbled = Campaigns.uniqueId("garbled");
    Map<String, AttributeValue> g = new HashMap<>(template);
    g.put("campaignId", AttributeValue.fromS(garbled));
    g.remove("definition");
    g.put("version", AttributeValue.fromS("seven"));
    putItem(g);
    String broken = Campaigns.uniqueId("broken-json");
    Map<String, AttributeValue> b = new HashMap<>(template);
    b.put("campaignId", AttributeValue.fromS(broken));
    b.put("definition", AttributeValue.fromS("{\"name\": \"Spring"));
    putItem(b);
    Set<String> bad = Set.of(farEnd, garbled, broken);

    // The listing carries on past every one of them, one item per page and one big page alike.
    Listing small = listAll("/campaigns?limit=1");
    assertEquals(Set.copyOf(good), Set.copyOf(small.ids()));
    assertEquals(good.size(), small.ids().size(), "each listed once");
    assertEquals(bad, Set.copyOf(small.unreadable()));
    Http.Response big = http.get("/campaigns?limit=100");
    assertEquals(200, big.status(), big.raw().body());
    assertEquals(good.size(), big.json().path("items").size());
    assertEquals(bad, texts(big.json().path("unreadable")));

    // Reading one says what is wrong and how to fix it, without echoing the stored value.
    Http.Response get = http.get("/campaigns/" + farEnd);
    assertEquals(409, get.status(), get.raw().body());
    assertEquals("unreadable", get.error().path("code").asText());
    String message = get.error().path("message").asText();
    assertTrue(message.contains("endAt") && message.contains("PUT") && message.contains("DELETE"));
    assertFalse(get.raw().body().contains("1000000000"), "no stored content in the answer");
    assertEquals(409, http.get("/campaigns/" + garbled).status());
    assertEquals(409, exposures(farEnd, 1).status());
    assertEquals(409, http.post("/campaigns/" + farEnd + "/evaluations", "").status());

    // The scheduled run evaluates every readable campaign and reports the others.
    JsonNode run = schedule(now);
    assertEquals(Set.copyOf(good), texts(run.path("evaluated")), run.toString());
    Map<String, String> failed = failures(run);
    assertEquals(bad, failed.keySet(), run.toString());
    assertTrue(failed.get(farEnd).contains("cannot be read"), failed.toString());
    assertTrue(failed.get(garbled).contains("version"), failed.toString());
    assertTrue(failed.get(broken).contains("definition"), failed.toString());

    // A corrective PUT replaces the item; the shard count it could still read must stay.
    ObjectNode fix = running(now).put("shards", 2);
    Http.Response reshard =
        http.put("/campaigns/" + farEnd, fix.deepCopy().put("shards", 4).toString());
    assertEquals(409, reshard.status(), reshard.raw().body());
    assertTrue(reshard.namesField("shards"));
    Http.Response fixed = http.put("/campaigns/" + farEnd, fix.toString());
    assertEquals(200, fixed.status(), fixed.raw().body());
    JsonNode got = http.get("/campaigns/" + farEnd).json();
    assertEquals(fix.path("endAt").asText(), got.path("endAt").asText());
    assertEquals(200, exposures(farEnd, 3).status());
    Http.Response garbledFixed = http.put("/campaigns/" + garbled, running(now).toString());
    assertEquals(200, garbledFixed.status(), garbledFixed.raw().body());

    // DELETE retires the one nobody wants to repair; it leaves the listing and the schedule.
    assertEquals(204, http.delete("/campaigns/" + broken).status());
    assertEquals(204, http.delete("/campaigns/" + broken).status(), "idempotent");
    Listing after = listAll("/campaigns?limit=2");
    assertEquals(List.of(), after.unreadable());
    assertTrue(after.ids().containsAll(List.of(farEnd, garbled)));
    assertEquals(List.of(broken), listAll("/campaigns?archived=true").unreadable());
    JsonNode second = schedule(now.plus(Duration.ofHours(1)));
    assertEquals(List.of(), failures(second).keySet().stream().toList(), second.toString());
    assertTrue(texts(second.path("evaluated")).contains(farEnd), second.toString());
  }

  @Test
  void archivingKeepsTheDataAndTakesTheCampaignOutOfListingsSchedulesAndExposures()
      throws Exception {
    String active = create("active", 4);
    String retired = create("retired", 10);
    FoldedAggregates.await(tables.streams());
    Http.Response evaluated = http.post("/campaigns/" + retired + "/evaluations", "");
    assertEquals(201, evaluated.status(), evaluated.raw().body());

    assertEquals(204, http.delete("/campaigns/" + retired).status());
    String archivedAt = http.get("/campaigns/" + retired).json().path("archivedAt").asText();
    assertFalse(archivedAt.isEmpty(), "GET still answers, with archivedAt");
    assertEquals(204, http.delete("/campaigns/" + retired).status());
    assertEquals(
        archivedAt,
        http.get("/campaigns/" + retired).json().path("archivedAt").asText(),
        "a second DELETE keeps the first archiving time");
    assertEquals(404, http.delete("/campaigns/" + Campaigns.uniqueId("never")).status());

    assertFalse(listAll("/campaigns?limit=3").ids().contains(retired));
    assertTrue(listAll("/campaigns?limit=3").ids().contains(active));
    List<String> archived = listAll("/campaigns?archived=true&limit=3").ids();
    assertTrue(archived.contains(retired));
    assertFalse(archived.contains(active), "?archived=true lists only archived campaigns");

    Http.Response refused = exposures(retired, 2);
    assertEquals(409, refused.status(), refused.raw().body());
    assertEquals("archived", refused.error().path("code").asText());
    assertTrue(refused.error().path("message").asText().contains("archived"));
    Http.Response put = http.put("/campaigns/" + retired, running(now).toString());
    assertEquals(409, put.status());
    assertEquals("archived", put.error().path("code").asText());

    // Its data is kept: results, report and enrolments (a new evaluation still counts them all).
    assertEquals(200, http.get("/campaigns/" + retired + "/results/latest").status());
    assertEquals(1, http.get("/campaigns/" + retired + "/results").json().path("items").size());
    assertEquals(302, http.get("/campaigns/" + retired + "/report").status());
    FoldedAggregates.await(tables.streams());
    JsonNode again = http.post("/campaigns/" + retired + "/evaluations", "").json();
    long analysed = 0;
    for (JsonNode group : again.path("groups")) {
      analysed += group.path("analysed").asLong();
    }
    assertEquals(10, analysed, again.path("groups").toString());

    JsonNode run = schedule(now);
    assertFalse(texts(run.path("evaluated")).contains(retired), run.toString());
    assertFalse(failures(run).containsKey(retired), run.toString());
    assertTrue(texts(run.path("evaluated")).contains(active), run.toString());
  }

  @Test
  void pageTokensOnlyWorkForTheListingThatIssuedThem() throws Exception {
    String mine = create("tokens", 4);
    String other = create("tokens-other", 4);
    for (int i = 0; i < 3; i++) {
      FoldedAggregates.await(tables.streams());
      assertEquals(201, http.post("/campaigns/" + mine + "/evaluations", "").status());
      FoldedAggregates.await(tables.streams());
      assertEquals(201, http.post("/campaigns/" + other + "/evaluations", "").status());
    }
    // Normal paging returns every result once, newest first.
    List<String> seen = new ArrayList<>();
    for (Http.Response page : http.pages("/campaigns/" + mine + "/results?limit=1")) {
      page.json().path("items").forEach(r -> seen.add(r.path("evaluatedAt").asText()));
    }
    assertEquals(3, seen.size(), seen.toString());
    assertEquals(3, new HashSet<>(seen).size());
    List<String> newestFirst = new ArrayList<>(seen);
    newestFirst.sort((a, b) -> b.compareTo(a));
    assertEquals(newestFirst, seen);

    String history = tokenOf(http.get("/campaigns/" + mine + "/results?limit=1"));
    String list = tokenOf(http.get("/campaigns?limit=1"));
    String archivedList = tokenOf(http.get("/campaigns?limit=1&archived=true"));
    JsonNode inside = Http.JSON.readTree(Base64.getUrlDecoder().decode(history));
    ObjectNode rescoped = inside.deepCopy();
    rescoped.put("scope", "GET /campaigns/" + other + "/results");
    ObjectNode extra = inside.deepCopy();
    extra.put("admin", true);
    Map<String, String> refused = new HashMap<>();
    refused.put(
        "another campaign's history", "/campaigns/" + other + "/results?nextToken=" + enc(history));
    refused.put("the campaign list's", "/campaigns/" + mine + "/results?nextToken=" + enc(list));
    refused.put("a history token on the list", "/campaigns?nextToken=" + enc(history));
    if (archivedList != null) {
      refused.put("the archived listing's", "/campaigns?nextToken=" + enc(archivedList));
    }
    refused.put("active list's on archived", "/campaigns?archived=true&nextToken=" + enc(list));
    refused.put("random base64", "/campaigns?nextToken=" + b64("\u0001\u00ff garbage"));
    refused.put("plain text", "/campaigns/" + mine + "/results?nextToken=" + enc("not a token"));
    refused.put(
        "rescoped, key of another campaign",
        "/campaigns/" + other + "/results?nextToken=" + b64(rescoped.toString()));
    refused.put(
        "tampered: extra field",
        "/campaigns/" + mine + "/results?nextToken=" + b64(extra.toString()));
    refused.put(
        "tampered: not JSON", "/campaigns/" + mine + "/results?nextToken=" + b64("{\"scope\":"));
    refused.put("oversized", "/campaigns?nextToken=" + "A".repeat(5000));
    for (Map.Entry<String, String> e : refused.entrySet()) {
      Http.Response r = http.get(e.getValue());
      assertEquals(400, r.status(), e.getKey() + ": " + r.raw().body());
      assertTrue(r.namesField("nextToken"), e.getKey());
    }
    // The same token on its own listing still works.
    assertEquals(
        200,
        http.get("/campaigns/" + mine + "/results?limit=1&nextToken=" + enc(history)).status());
    assertNotEquals(null, list, "two campaigns make two pages at limit=1");
    assertEquals(200, http.get("/campaigns?limit=1&nextToken=" + enc(list)).status());
  }

  @Test
  void anUnreadableResultNeverBreaksTheHistoryOrTheLatest() throws Exception {
    String id = create("results", 4);
    for (int i = 0; i < 3; i++) {
      FoldedAggregates.await(tables.streams());
      assertEquals(201, http.post("/campaigns/" + id + "/evaluations", "").status());
    }
    List<String> stored = new ArrayList<>();
    http.get("/campaigns/" + id + "/results")
        .json()
        .path("items")
        .forEach(r -> stored.add(r.path("evaluatedAt").asText()));
    // One in the middle without its summary; one newer than all whose full result is cut off.
    String middle = between(stored.get(2), stored.get(1));
    putResult(id, middle, Map.of("snapshotKey", "s", "reportKey", "r"));
    String newest =
        EvaluationService.EVALUATED_AT.format(Instant.parse(stored.get(0)).plusSeconds(1));
    putResult(
        id,
        newest,
        Map.of(
            "summary",
            "{\"evaluatedAt\": \""
                + newest
                + "\", \"headline\": [{\"metric\": \"addedLater\", \"group\": \"coupon\"}]}",
            "result",
            "{\"cut",
            "snapshotKey",
            "s",
            "reportKey",
            "r"));

    Http.Response page = http.get("/campaigns/" + id + "/results");
    assertEquals(200, page.status(), page.raw().body());
    Set<String> listed = new HashSet<>(stored);
    listed.add(newest);
    assertEquals(listed, texts(page.json().path("items"), "evaluatedAt"), "its summary reads");
    assertEquals(Set.of(middle), texts(page.json().path("unreadable")));
    Listing paged = listAll("/campaigns/" + id + "/results?limit=1");
    assertEquals(listed, Set.copyOf(paged.ids()));
    assertEquals(List.of(middle), paged.unreadable());
    Http.Response latest = http.get("/campaigns/" + id + "/results/latest");
    assertEquals(200, latest.status(), latest.raw().body());
    assertEquals(stored.get(0), latest.json().path("evaluatedAt").asText(), "newest readable");
    // The history an evaluation reads for its report and events takes the odd summaries too.
    Http.Response again = http.post("/campaigns/" + id + "/evaluations", "");
    assertEquals(201, again.status(), again.raw().body());
    assertTrue(again.json().path("evaluatedAt").asText().compareTo(newest) > 0);
  }

  @Test
  void theReportsHistoryReadsPastAQueryPageCutAtOneMegabyte() throws Exception {
    String id = create("history", 4);
    FoldedAggregates.await(tables.streams());
    Http.Response first = http.post("/campaigns/" + id + "/evaluations", "");
    assertEquals(201, first.status(), first.raw().body());
    ObjectNode summary =
        (ObjectNode) http.get("/campaigns/" + id + "/results").json().path("items").get(0);
    summary.remove(List.of("snapshotKey", "reportKey"));
    // Twelve later results of 150 KB each: DynamoDB (and DynamoDB Local) stops a Query page at
    // 1 MB of items read, whatever is projected, so one page holds about six of them.
    Instant at = Instant.parse(summary.path("evaluatedAt").asText());
    String big = "{\"pad\": \"" + "x".repeat(150_000) + "\"}";
    for (int i = 1; i <= 12; i++) {
      String evaluatedAt = EvaluationService.EVALUATED_AT.format(at.plusSeconds(i));
      summary.put("evaluatedAt", evaluatedAt);
      putResult(
          id,
          evaluatedAt,
          Map.of(
              "summary", summary.toString(), "result", big, "snapshotKey", "s", "reportKey", "r"));
    }
    Http.Response last = http.post("/campaigns/" + id + "/evaluations", "");
    assertEquals(201, last.status(), last.raw().body());
    String report =
        tables
            .backend()
            .s3()
            .getObjectAsBytes(
                r ->
                    r.bucket(tables.tables().bucket())
                        .key(last.json().path("report").path("key").asText()))
            .asUtf8String();
    // The first, the twelve and the last: every chart of the headline metrics shows 14 points.
    assertTrue(report.contains("coupon · 14 evaluations"), report);
  }

  // ---------------------------------------------------------------------------------------------

  private record Listing(List<String> ids, List<String> unreadable) {}

  /** Follows nextToken from {@code first} to the end; ids of items (campaigns or results). */
  private static Listing listAll(String first) {
    List<String> ids = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    // Result summaries carry campaignId too; evaluatedAt is what tells them apart.
    String key = first.contains("/results") ? "evaluatedAt" : "campaignId";
    for (Http.Response page : http.pages(first)) {
      page.json().path("items").forEach(item -> ids.add(item.path(key).asText()));
      page.json().path("unreadable").forEach(u -> unreadable.add(u.asText()));
    }
    return new Listing(ids, unreadable);
  }

  private static String tokenOf(Http.Response page) {
    assertEquals(200, page.status(), page.raw().body());
    JsonNode t = page.json().path("nextToken");
    return t.isNull() ? null : t.asText();
  }

  /** A running campaign body (started 30 days ago, ends in 30), two shards. */
  private static ObjectNode running(Instant at) {
    ObjectNode c = Campaigns.valid();
    c.put("startAt", at.minus(Duration.ofDays(30)).toString());
    c.put("endAt", at.plus(Duration.ofDays(30)).toString());
    c.put("shards", 2);
    return c;
  }

  /** A running campaign with {@code users} users exposed 20 days ago. */
  private static String create(String prefix, int users) {
    String id = Campaigns.uniqueId(prefix);
    Http.Response put = http.put("/campaigns/" + id, running(now).toString());
    assertEquals(201, put.status(), put.raw().body());
    Http.Response r = exposures(id, users);
    assertEquals(200, r.status(), r.raw().body());
    return id;
  }

  private static Http.Response exposures(String campaignId, int users) {
    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode xs = body.putArray("exposures");
    for (int i = 0; i < users; i++) {
      xs.addObject()
          .put("userId", "u" + i)
          .put("at", now.minus(Duration.ofDays(20)).plusSeconds(i).toString())
          .put("group", i % 2 == 0 ? "control" : "coupon");
    }
    return http.post("/campaigns/" + campaignId + "/exposures", body.toString());
  }

  private static Map<String, AttributeValue> storedItem(String campaignId) {
    return tables.campaignItem(campaignId);
  }

  private static void putItem(Map<String, AttributeValue> item) {
    tables.backend().dynamo().putItem(r -> r.tableName(tables.tables().campaigns()).item(item));
  }

  private static void putResult(String campaignId, String evaluatedAt, Map<String, String> attrs) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("campaignId", AttributeValue.fromS(campaignId));
    item.put("evaluatedAt", AttributeValue.fromS(evaluatedAt));
    attrs.forEach((k, v) -> item.put(k, AttributeValue.fromS(v)));
    tables.backend().dynamo().putItem(r -> r.tableName(tables.tables().results()).item(item));
  }

  /** An evaluatedAt strictly between two others. */
  private static String between(String older, String newer) {
    Instant a = Instant.parse(older);
    Instant b = Instant.parse(newer);
    Instant mid = a.plusMillis((b.toEpochMilli() - a.toEpochMilli()) / 2);
    assertTrue(mid.isAfter(a) && mid.isBefore(b), older + " and " + newer + " leave no gap");
    return EvaluationService.EVALUATED_AT.format(mid);
  }

  private static JsonNode schedule(Instant at) throws Exception {
    return tables.schedule(Clock.fixed(at, ZoneOffset.UTC), null);
  }

  private static Map<String, String> failures(JsonNode run) {
    Map<String, String> out = new HashMap<>();
    run.path("failed")
        .forEach(f -> out.put(f.path("campaignId").asText(), f.path("error").asText()));
    return out;
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> out = new HashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Set<String> texts(JsonNode array, String field) {
    Set<String> out = new HashSet<>();
    array.forEach(n -> out.add(n.path(field).asText()));
    return out;
  }

  private static String enc(String s) {
    return Http.enc(s);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
