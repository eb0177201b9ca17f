package campaignlift.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Correction;
import campaignlift.evaluation.CellSums;
import campaignlift.evaluation.EvaluationInput;
import campaignlift.evaluation.ResultAnalysis;
import campaignlift.evaluation.Statistic;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.Freshness;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.Segment;
import campaignlift.stats.Srm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The result events of docs/result-events.md built from results computed from known sums: the
 * detail carries the stored result's own figures (compared with the result's JSON), the SRM event
 * follows the result's health, and "became significant" compares with the previous stored result.
 */
class ResultEventsTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final String CAMPAIGN = "ResultEventsTest-camp";
  private static final String BUCKET = "ResultEventsTest-bucket";
  private static final int N = 5000;

  /**
   * A stored result of three groups of {@code N} analysed users each (segment {@code all}, the
   * three headline metrics): new users per user, 0 or 1, summing to {@code newUsers[g]}; activity
   * with mean 2 and variance 4 in every group; a 20% repeat purchase rate in every group.
   *
   * @param enrolled the enrolled counts the SRM check is computed from (weights 1/3 each)
   */
  static Result result(String evaluatedAt, boolean sequential, long[] newUsers, long[] enrolled) {
    String[] groups = {"control", "coupon", "email"};
    List<Statistic> stats = new ArrayList<>();
    List<GroupCount> counts = new ArrayList<>();
    for (int g = 0; g < groups.length; g++) {
      counts.add(new GroupCount(groups[g], g == 0, 1.0 / 3, enrolled[g], N));
      stats.add(stat(groups[g], Metric.NEW_USERS, newUsers[g], newUsers[g]));
      stats.add(stat(groups[g], Metric.ACTIVITY, 2.0 * N, 8.0 * N));
      stats.add(stat(groups[g], Metric.REPEAT_PURCHASE_RATE, 0.2 * N, 0.2 * N));
    }
    double srm =
        Srm.pValue(
            new double[] {enrolled[0], enrolled[1], enrolled[2]},
            new double[] {1, 1, 1},
            Srm.Variant.BACKEND);
    EvaluationInput in =
        new EvaluationInput(
            CAMPAIGN,
            "Spring promo",
            evaluatedAt,
            new EvaluationSettings(
                0.05, sequential, false, Correction.BH, true, 14, 30, 5000, null, List.of()),
            counts,
            new Health(Health.SrmCheck.of(srm), 0, 0, 0, 0, 0, null),
            stats);
    return ResultAnalysis.result(in)
        .stored(
            new Result.SnapshotRef("snapshots/" + CAMPAIGN + "/" + evaluatedAt + ".json", "sha"),
            new Result.ReportRef(
                "reports/" + CAMPAIGN + "/" + evaluatedAt + ".html",
                "reports/" + CAMPAIGN + "/latest.html"));
  }

  private static Statistic stat(String group, Metric m, double sum, double sumSquares) {
    return new Statistic(group, Segment.ALL, m, new CellSums(N, sum, sumSquares, 0, 0, 0));
  }

  private static final long[] BALANCED = {10_000, 10_000, 10_000};

  /** Coupon's new users 13% against the control's 10%: z ≈ 4.7, significant. */
  private static final long[] EFFECT = {500, 650, 505};

  /** Coupon's new users 10.4% against 10%: not significant. */
  private static final long[] NO_EFFECT = {500, 520, 505};

  private static JsonNode detail(ResultEvent e) throws Exception {
    return PLAIN.readTree(e.detailJson());
  }

  private static List<ResultEvent> ofType(List<ResultEvent> events, String type) {
    return events.stream().filter(e -> e.detailType().equals(type)).toList();
  }

  /** The result's own row (as JSON) of one group and metric in segment all. */
  private static JsonNode row(JsonNode result, String group, String metric) {
    for (JsonNode r : result.path("results")) {
      if (r.path("group").asText().equals(group)
          && r.path("metric").asText().equals(metric)
          && r.path("segment").path("attribute").asText().equals("all")) {
        return r;
      }
    }
    throw new AssertionError("no row " + group + " " + metric);
  }

  @Test
  void theDetailCarriesTheStoredResultsOwnFigures() throws Exception {
    for (boolean sequential : new boolean[] {true, false}) {
      Result r = result("2026-04-01T06:00:00.000Z", sequential, EFFECT, BALANCED);
      JsonNode json = PLAIN.readTree(ResultJson.write(r));
      List<ResultEvent> events = ResultEvents.of(r, null, BUCKET);
      ResultEvent completed = ofType(events, ResultEvents.EVALUATION_COMPLETED).get(0);
      assertEquals(events.get(0), completed, "the completed event comes first");
      JsonNode d = detail(completed);

      assertEquals(ResultEvents.SCHEMA_VERSION, d.path("schemaVersion").asInt());
      assertEquals(json.path("campaignId"), d.path("campaignId"));
      assertEquals(json.path("name"), d.path("name"));
      assertEquals(json.path("evaluatedAt"), d.path("evaluatedAt"));
      assertEquals(Instant.parse(r.evaluatedAt()), completed.time());
      assertTrue(d.path("previousEvaluatedAt").isNull());
      assertEquals(json.path("settings").path("maturedOnly"), d.path("maturedOnly"));
      assertEquals(json.path("settings").path("sequential"), d.path("sequential"));
      assertEquals(json.path("settings").path("alpha"), d.path("alpha"));
      assertEquals(json.path("health").path("srm"), d.path("srm"));
      assertEquals(json.path("groups"), d.path("groups"));
      assertFalse(d.path("headlineTruncated").asBoolean());
      assertFalse(d.has("becameSignificant"), "only in Result Became Significant");

      // One headline row per headline metric and treatment group, each the result's own figures.
      assertEquals(Metric.HEADLINE.size() * 2, d.path("headline").size());
      Set<String> seen = new HashSet<>();
      for (JsonNode h : d.path("headline")) {
        String group = h.path("group").asText();
        String metric = h.path("metric").asText();
        assertTrue(seen.add(group + "/" + metric), "each row once");
        assertFalse(group.equals("control"));
        JsonNode row = row(json, group, metric);
        for (String field :
            List.of(
                "direction",
                "significant",
                "relative",
                "absolute",
                "pValue",
                "pValueAdjusted",
                "control",
                "treatment")) {
          assertEquals(row.path(field), h.path(field), group + " " + metric + " " + field);
        }
        JsonNode lift = h.path("lift");
        assertEquals("relative", lift.path("basis").asText());
        assertEquals(row.path("relative").path("estimate"), lift.path("estimate"));
        // The interval decisions use: always-valid when the campaign is sequential.
        JsonNode interval = sequential ? row.path("sequential") : row.path("relative");
        assertEquals(sequential ? "always-valid" : "fixed-horizon", lift.path("interval").asText());
        assertEquals(interval.path("ciLower"), lift.path("ciLower"));
        assertEquals(interval.path("ciUpper"), lift.path("ciUpper"));
      }

      JsonNode links = d.path("links");
      String s3 = "s3://" + BUCKET + "/";
      assertEquals(s3 + json.path("report").path("key").asText(), links.path("report").asText());
      assertEquals(
          s3 + json.path("report").path("latestKey").asText(), links.path("latestReport").asText());
      assertEquals(
          s3 + json.path("snapshot").path("key").asText(), links.path("snapshot").asText());
      assertEquals("/campaigns/" + CAMPAIGN + "/report", links.path("reportPath").asText());
      assertEquals("/campaigns/" + CAMPAIGN + "/results/latest", links.path("resultPath").asText());
      assertEquals("/campaigns/" + CAMPAIGN + "/results", links.path("resultsPath").asText());
    }
  }

  @Test
  void aSampleRatioMismatchIsSentWhenTheResultsHealthFlagsOne() throws Exception {
    Result balanced = result("2026-04-01T06:00:00.000Z", true, EFFECT, BALANCED);
    assertFalse(balanced.health().srmMismatch());
    assertTrue(
        ofType(ResultEvents.of(balanced, null, BUCKET), ResultEvents.SAMPLE_RATIO_MISMATCH)
            .isEmpty());

    // 10,000 / 11,000 / 10,000 against equal weights: χ² = 62.5 on 2 df.
    Result skewed =
        result("2026-04-01T06:00:00.000Z", true, EFFECT, new long[] {10_000, 11_000, 10_000});
    assertTrue(skewed.health().srmMismatch(), "p = " + skewed.health().srmPValue());
    List<ResultEvent> srm =
        ofType(ResultEvents.of(skewed, null, BUCKET), ResultEvents.SAMPLE_RATIO_MISMATCH);
    assertEquals(1, srm.size());
    JsonNode d = detail(srm.get(0));
    JsonNode json = PLAIN.readTree(ResultJson.write(skewed));
    assertEquals(json.path("health").path("srm"), d.path("srm"));
    assertTrue(d.path("srm").path("mismatch").asBoolean());
    assertTrue(
        d.path("srm").path("pValue").asDouble() < d.path("srm").path("threshold").asDouble());
  }

  /** The (group, metric) headline rows significant in a result. */
  private static Set<String> significant(Result r) {
    Set<String> out = new HashSet<>();
    r.results().stream()
        .filter(row -> row.segment().equals(Segment.ALL) && Metric.HEADLINE.contains(row.metric()))
        .filter(row -> row.significant())
        .forEach(row -> out.add(row.group() + "/" + row.metric().id()));
    return out;
  }

  private static Set<String> became(List<ResultEvent> events) throws Exception {
    Set<String> out = new HashSet<>();
    for (ResultEvent e : ofType(events, ResultEvents.RESULT_BECAME_SIGNIFICANT)) {
      JsonNode b = detail(e).path("becameSignificant");
      assertTrue(b.path("significant").asBoolean());
      assertTrue(out.add(b.path("group").asText() + "/" + b.path("metric").asText()));
    }
    return out;
  }

  @Test
  void becameSignificantComparesWithThePreviousStoredResult() throws Exception {
    Result before = result("2026-04-01T06:00:00.000Z", true, NO_EFFECT, BALANCED);
    Result now = result("2026-04-02T06:00:00.000Z", true, EFFECT, BALANCED);
    Result later = result("2026-04-03T06:00:00.000Z", true, EFFECT, BALANCED);
    Set<String> significantNow = significant(now);
    assertTrue(significant(before).isEmpty(), "nothing significant before: " + significant(before));
    assertTrue(
        significantNow.contains("coupon/newUsers"), "the effect is found: " + significantNow);

    // No previous result: every significant headline row is news.
    assertEquals(significantNow, became(ResultEvents.of(now, null, BUCKET)));

    // Not significant before, significant now: sent, naming the previous evaluation.
    List<ResultEvent> events = ResultEvents.of(now, Headline.of(before), BUCKET);
    assertEquals(significantNow, became(events));
    ResultEvent e = ofType(events, ResultEvents.RESULT_BECAME_SIGNIFICANT).get(0);
    JsonNode d = detail(e);
    assertEquals(before.evaluatedAt(), d.path("previousEvaluatedAt").asText());
    JsonNode json = PLAIN.readTree(ResultJson.write(now));
    JsonNode b = d.path("becameSignificant");
    JsonNode row = row(json, b.path("group").asText(), b.path("metric").asText());
    assertEquals(row.path("relative"), b.path("relative"));
    assertEquals(row.path("pValueAdjusted"), b.path("pValueAdjusted"));

    // Already significant in the previous result: not sent again.
    assertEquals(Set.of(), became(ResultEvents.of(later, Headline.of(now), BUCKET)));
    // Significant before, not now: nothing (the completed event carries the new figures).
    assertEquals(Set.of(), became(ResultEvents.of(before, Headline.of(now), BUCKET)));
  }

  @Test
  void theDetailIsWrittenAsTheMapperWritesItsRecords() throws Exception {
    List<ResultEvent> all = new ArrayList<>();
    for (boolean sequential : new boolean[] {true, false}) {
      Result before = result("2026-04-01T06:00:00.000Z", sequential, NO_EFFECT, BALANCED);
      Result now =
          result(
              "2026-04-01T07:00:00.000Z", sequential, EFFECT, new long[] {10_000, 12_000, 10_000});
      all.addAll(ResultEvents.of(now, Headline.of(before), BUCKET));
      Result fresh =
          new Result(
              now.campaignId(),
              null,
              now.evaluatedAt(),
              now.settings(),
              now.groups(),
              new Health(
                  now.health().srm(),
                  0,
                  0,
                  0,
                  0,
                  0,
                  null,
                  new Freshness(Freshness.STREAM, "2026-04-01T06:59:00Z", null, 5L),
                  null),
              now.results(),
              now.snapshot(),
              now.report());
      all.addAll(ResultEvents.of(fresh, null, BUCKET));
    }
    Set<String> types = new HashSet<>();
    for (ResultEvent e : all) {
      assertEquals(ResultJson.MAPPER.writeValueAsString(e.detail()), e.detailJson(), e.eventId());
      types.add(e.detailType());
    }
    assertEquals(
        Set.of(
            ResultEvents.EVALUATION_COMPLETED,
            ResultEvents.SAMPLE_RATIO_MISMATCH,
            ResultEvents.RESULT_BECAME_SIGNIFICANT),
        types);
    assertTrue(all.stream().anyMatch(e -> e.detailJson().contains("\"freshness\":{")));
  }

  @Test
  void eventIdsAreStablePerEvaluationAndDistinct() {
    Result r =
        result("2026-04-01T06:00:00.000Z", true, EFFECT, new long[] {10_000, 11_000, 10_000});
    List<ResultEvent> first = ResultEvents.of(r, null, BUCKET);
    List<ResultEvent> again = ResultEvents.of(r, null, BUCKET);
    assertEquals(
        first.stream().map(ResultEvent::eventId).toList(),
        again.stream().map(ResultEvent::eventId).toList(),
        "a redelivery carries the same ids");
    Set<String> ids = new HashSet<>();
    for (ResultEvent e : first) {
      assertTrue(ids.add(e.eventId()), "distinct: " + e.eventId());
      assertTrue(e.eventId().startsWith(CAMPAIGN + "/" + r.evaluatedAt() + "/"), e.eventId());
    }
    assertTrue(first.size() >= 3, "completed, SRM and at least one became significant");
    Result other = result("2026-04-01T06:00:00.001Z", true, EFFECT, BALANCED);
    assertFalse(
        ids.contains(ResultEvents.of(other, null, BUCKET).get(0).eventId()),
        "another evaluation, other ids");
  }

  @Test
  void theLargestCampaignTheRulesAllowStaysFarBelowTheEntryLimit() throws Exception {
    // 10 groups with 128-character names, a 128-character id and a 200-character name.
    String id = "c".repeat(128);
    List<GroupCount> groups = new ArrayList<>();
    List<Statistic> stats = new ArrayList<>();
    for (int g = 0; g < 10; g++) {
      String name = String.format("%03d", g) + "g".repeat(125);
      groups.add(new GroupCount(name, g == 0, 0.1, 1_000_000, 1_000_000));
      for (Metric m : Metric.HEADLINE) {
        stats.add(
            new Statistic(
                name,
                Segment.ALL,
                m,
                new CellSums(1_000_000, 123_456.789 + g, 987_654.321, 0, 0, 0)));
      }
    }
    String at = "2026-04-01T06:00:00.000Z";
    Result r =
        ResultAnalysis.result(
                new EvaluationInput(
                    id,
                    "n".repeat(200),
                    at,
                    new EvaluationSettings(
                        0.05, true, false, Correction.BH, true, 14, 30, 5000, null, List.of()),
                    groups,
                    new Health(0.5, 0, 0, 0, 0),
                    stats))
            .stored(
                new Result.SnapshotRef("snapshots/" + id + "/" + at + ".json", "sha"),
                new Result.ReportRef("reports/" + id + "/" + at + ".html", "reports/x.html"));
    List<ResultEvent> events = ResultEvents.of(r, null, "b".repeat(63));
    int largest = 0;
    for (ResultEvent e : events) {
      largest = Math.max(largest, e.size());
      assertEquals(27, detail(e).path("headline").size(), "9 treatment groups × 3 metrics");
      assertFalse(detail(e).path("headlineTruncated").asBoolean());
    }
    // docs/result-events.md, "Limits": 27,480 bytes measured, against EventBridge's 256 KB.
    assertTrue(largest < 32 * 1024, "largest event: " + largest + " bytes");
    assertTrue(27 <= ResultEvents.MAX_HEADLINE_ROWS);
  }

  @Test
  void aBusThatFailsNeverFailsTheEvaluationAndIsCounted() {
    Result r = result("2026-04-01T06:00:00.000Z", true, EFFECT, BALANCED);
    int expected = ResultEvents.of(r, null, BUCKET).size();

    ResultNotifier down =
        new ResultNotifier(
            events -> {
              throw new IllegalStateException("ResultEventsTest: the bus is down");
            },
            BUCKET);
    down.stored(r, null);
    assertEquals(0, down.published());
    assertEquals(expected, down.notPublished());

    // A bus that refuses the first entry of each call: counted per entry.
    AtomicInteger calls = new AtomicInteger();
    Map<String, String> seen = new LinkedHashMap<>();
    ResultNotifier partial =
        new ResultNotifier(
            events -> {
              calls.incrementAndGet();
              events.forEach(e -> seen.put(e.eventId(), e.detailType()));
              ResultEvent first = events.get(0);
              return new EventPublisher.Outcome(
                  events.size() - 1,
                  List.of(
                      new EventPublisher.Failure(
                          first.eventId(), first.detailType(), "InternalFailure")));
            },
            BUCKET);
    partial.stored(r, null);
    assertEquals(1, calls.get());
    assertEquals(expected, seen.size());
    assertEquals(expected - 1, partial.published());
    assertEquals(1, partial.notPublished());
  }
}
