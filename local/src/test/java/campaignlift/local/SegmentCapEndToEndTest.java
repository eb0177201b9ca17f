package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.evaluation.Accumulator;
import campaignlift.evaluation.result.Metric;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A campaign with the most segment attributes the rules allow, each with many more distinct values
 * than get a segment of their own (docs/results.md), over real HTTP on the local twin: the
 * evaluation, the latest result, the S3 snapshot, the report and the history stay small, values
 * beyond the cap appear as {@code (other)} rows, health says how many were folded, and {@code
 * ./lift stats} still recomputes every row from the snapshot.
 */
class SegmentCapEndToEndTest {
  static final int ATTRIBUTES = 5;

  /** K of this campaign: 2 groups (one compared with the control) and 5 attributes. */
  static final int K = Accumulator.valuesPerAttribute(1, ATTRIBUTES);

  static final int VALUES = K + 10;
  static final int USERS = 8 * VALUES;

  /**
   * Bytes per result row allowed, and the same for the snapshot (result plus sufficient statistics)
   * and the report: the per-row costs WorstCaseSizeTest measures with the longest names the rules
   * allow are about 1.4, 1.6 and 1.5 KB; these bounds add margin, plus a fixed allowance for the
   * document's head.
   */
  static final int RESULT_BYTES_PER_ROW = 2_000;

  static final int SNAPSHOT_BYTES_PER_ROW = 2_500;
  static final int REPORT_BYTES_PER_ROW = 2_000;
  static final int HEAD_BYTES = 50_000;

  private static TestBackends backends;
  private static Http http;
  private static String id;
  private static final List<String> attributes = new ArrayList<>();

  /** attribute → userId → value (absent: no value sent). */
  private static final Map<String, Map<String, String>> values = new HashMap<>();

  @BeforeAll
  static void load() throws Exception {
    backends = TestBackends.get();
    http = new Http(backends.url());
    id = Campaigns.uniqueId("segcap");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ObjectNode c = Campaigns.valid();
    c.put("startAt", now.minus(Duration.ofDays(60)).toString());
    c.remove("endAt");
    c.put("windowDays", 7);
    c.put("shards", 4);
    ArrayNode groups = c.putArray("groups");
    groups.addObject().put("name", "control").put("weight", 0.5).put("control", true);
    groups.addObject().put("name", "coupon").put("weight", 0.5);
    ArrayNode segs = c.putArray("segmentAttributes");
    for (int a = 0; a < ATTRIBUTES; a++) {
      attributes.add("attr" + a);
      segs.add("attr" + a);
      values.put("attr" + a, new HashMap<>());
    }
    assertEquals(201, http.put("/campaigns/" + id, c.toString()).status());
    Random rnd = new Random(17);
    ObjectNode xs = Http.JSON.createObjectNode();
    ObjectNode os = Http.JSON.createObjectNode();
    ArrayNode exposures = xs.putArray("exposures");
    ArrayNode outcomes = os.putArray("outcomes");
    for (int i = 0; i < USERS; i++) {
      String user = "s" + i;
      Instant t0 = now.minus(Duration.ofDays(20)).plusSeconds(i);
      ObjectNode x = exposures.addObject();
      x.put("userId", user).put("at", t0.toString());
      x.put("group", i % 2 == 0 ? "control" : "coupon");
      ObjectNode attrs = x.putObject("attributes");
      for (String a : attributes) {
        if (rnd.nextInt(10) == 0) {
          continue; // no value: (none)
        }
        // Cycling through the values puts every one in both groups; names sort as numbered.
        String v = String.format("%s-v%02d", a, (i / 2 + rnd.nextInt(2)) % VALUES);
        attrs.put(a, v);
        values.get(a).put(user, v);
      }
      for (int k = 0; k < rnd.nextInt(4); k++) {
        ObjectNode o = outcomes.addObject();
        o.put("eventId", id + "-a" + i + "-" + k).put("userId", user).put("type", "activity");
        o.put("at", t0.plusSeconds(60 + rnd.nextInt(86_400)).toString());
      }
      if (rnd.nextInt(3) == 0) {
        ObjectNode o = outcomes.addObject();
        o.put("eventId", id + "-p" + i).put("userId", user).put("type", "purchase");
        o.put("at", t0.plusSeconds(3_600).toString())
            .put("value", java.math.BigDecimal.valueOf(500 + rnd.nextInt(5000), 2));
      }
    }
    Http.Response r = http.post("/campaigns/" + id + "/exposures", xs.toString());
    assertEquals(200, r.status(), r.raw().body());
    r = http.post("/outcomes", os.toString());
    assertEquals(200, r.status(), r.raw().body());
  }

  @Test
  void everyDocumentStaysSmallAndValuesBeyondTheCapAreFoldedIntoOther() throws Exception {
    String base = "/campaigns/" + id;
    FoldedAggregates.awaitFolded();
    Http.Response evaluated = http.post(base + "/evaluations", "{\"maturedOnly\": false}");
    assertEquals(201, evaluated.status(), evaluated.raw().body());
    JsonNode result = evaluated.json();
    int rows = result.path("results").size();
    // The cap's arithmetic: all, userType new/existing, and per attribute K values, (none) and
    // (other); one treatment group; every metric. Without the cap it would be 3 + 5 × 31 segments.
    int maxRows = Metric.values().length * (3 + ATTRIBUTES * (K + 2));
    assertTrue(rows <= maxRows, rows + " rows");
    assertTrue(
        evaluated.raw().body().getBytes(StandardCharsets.UTF_8).length
            < HEAD_BYTES + RESULT_BYTES_PER_ROW * maxRows,
        "evaluation response bytes");

    // Per attribute: the K smallest values have rows of their own, the rest are (other).
    for (String a : attributes) {
      TreeSet<String> distinct = new TreeSet<>(values.get(a).values());
      assertEquals(VALUES, distinct.size());
      Set<String> kept = new TreeSet<>(distinct.stream().limit(K).toList());
      Set<String> shown = new HashSet<>();
      long otherN = -1;
      for (JsonNode row : result.path("results")) {
        JsonNode seg = row.path("segment");
        if (!seg.path("attribute").asText().equals(a)) {
          continue;
        }
        shown.add(seg.path("value").asText());
        if (seg.path("value").asText().equals("(other)")
            && row.path("metric").asText().equals("activity")) {
          otherN =
              row.path("control").path("n").asLong() + row.path("treatment").path("n").asLong();
        }
      }
      // A segment value a group lacks entirely gives no row (README, Results).
      Set<String> expected = new TreeSet<>();
      for (String v : kept) {
        Set<Integer> groupsWithIt = new HashSet<>();
        values
            .get(a)
            .forEach(
                (user, value) -> {
                  if (value.equals(v)) {
                    groupsWithIt.add(Integer.parseInt(user.substring(1)) % 2);
                  }
                });
        if (groupsWithIt.size() == 2) {
          expected.add(v);
        }
      }
      expected.add("(none)");
      expected.add("(other)");
      assertEquals(expected, shown, a);
      long folded = values.get(a).values().stream().filter(v -> !kept.contains(v)).count();
      assertEquals(folded, otherN, a + " (other) holds every user whose value was folded");
      JsonNode health = null;
      for (JsonNode h : result.path("health").path("segmentValues").path("attributes")) {
        if (h.path("attribute").asText().equals(a)) {
          health = h;
        }
      }
      assertNotNull(health, a);
      assertEquals(VALUES, health.path("distinctValues").asInt());
      assertTrue(health.path("distinctValuesExact").asBoolean());
      assertEquals(K, health.path("ownSegments").asInt());
      assertEquals(VALUES - K, health.path("foldedValues").asInt());
      assertEquals(folded, health.path("foldedEnrolments").asLong());
    }

    Http.Response latest = http.get(base + "/results/latest");
    assertEquals(200, latest.status());
    // The same document (numbers compared by value: the stored copy may write 0.0 as 0).
    assertTrue(
        result.equals(
            (a, b) ->
                a.equals(b) || (a.isNumber() && b.isNumber() && a.asDouble() == b.asDouble())
                    ? 0
                    : 1,
            latest.json()),
        "latest is the evaluated result");
    assertTrue(
        latest.raw().body().getBytes(StandardCharsets.UTF_8).length
            < HEAD_BYTES + RESULT_BYTES_PER_ROW * maxRows);

    // The snapshot in S3: small, and ./lift stats recomputes every row of the result from it.
    byte[] snapshot = Snapshots.read(backends, result);
    assertTrue(snapshot.length < HEAD_BYTES + SNAPSHOT_BYTES_PER_ROW * maxRows, "snapshot bytes");
    Snapshots.assertRecomputesEveryRow(snapshot, result);

    // The report behind the redirect: small, and it says what was folded.
    Http.Response redirect = http.get(base + "/report");
    assertEquals(302, redirect.status());
    HttpResponse<byte[]> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(redirect.raw().headers().firstValue("location").orElseThrow()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().length < HEAD_BYTES + REPORT_BYTES_PER_ROW * maxRows, "report bytes");
    String html = new String(page.body(), StandardCharsets.UTF_8);
    assertTrue(html.contains("folded into <code>(other)</code>"), "report health");

    // History: a second evaluation, then a page of summaries (headline rows only).
    assertEquals(201, http.post(base + "/evaluations", "").status());
    Http.Response history = http.get(base + "/results?limit=100");
    assertEquals(200, history.status());
    assertEquals(2, history.json().path("items").size());
    assertTrue(
        history.raw().body().getBytes(StandardCharsets.UTF_8).length < 2 * HEAD_BYTES,
        "two summaries");
  }
}
