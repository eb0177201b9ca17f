package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The loyalty metrics of docs/metrics.md checked end to end: raw exposures, purchases, refunds,
 * activity, cancellations and NPS/CSAT answers (some before exposure) are generated here, sent
 * through the twin's HTTP API in shuffled order, and the evaluation returned over HTTP must match
 * figures computed here directly from the raw events — not through the project's counters, cells or
 * statistics engine: each arm's NPS in points, CSAT, top-2 share, response, cancellation and
 * retention shares, revenue and order value net of refunds, the delta-method standard error of the
 * NPS difference (by linearisation, a different route from the engine's formula), and the
 * Kaplan–Meier restricted mean days to the repeat purchase, per arm and per loyalty quadrant. The
 * stream-fed aggregates must equal a full read. A second campaign whose treatment answers surveys
 * far more often must be flagged as not comparable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoyaltyEvaluationEndToEndTest {
  static final int USERS = 600;
  static final int WINDOW_DAYS = 14;
  static final int RETENTION_DAYS = 5;
  static final int LOYALTY_PURCHASES = 2;
  static final double TOL = 1e-9;
  static final Duration DAY = Duration.ofDays(1);

  /** One generated user and the raw facts the expected figures are computed from. */
  static final class User {
    String id;
    String group;
    Instant t0;
    final List<Instant> purchases = new ArrayList<>(); // every purchase, any time
    final List<BigDecimal> amounts = new ArrayList<>();
    final List<Instant> activity = new ArrayList<>();
    final List<Instant> cancellations = new ArrayList<>();
    final TreeMap<Instant, BigDecimal> refunds = new TreeMap<>(); // refund time → amount
    final TreeMap<Instant, Integer> nps = new TreeMap<>(); // answer time → score
    final TreeMap<Instant, Integer> csat = new TreeMap<>();
  }

  private final List<User> users = new ArrayList<>();
  private final Map<String, JsonNode> rows = new HashMap<>();
  private JsonNode result;
  private JsonNode biased;
  private String id;

  @BeforeAll
  void loadAndEvaluate() throws Exception {
    Http http = new Http(TestBackends.get().url());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    id = Campaigns.uniqueId("loyal");
    List<ObjectNode> exposures = new ArrayList<>();
    List<ObjectNode> outcomes = new ArrayList<>();
    generate(new Random(20261202L), id, now, USERS, 0.3, 0.3, users, exposures, outcomes);
    load(http, id, now, exposures, outcomes, new Random(7));
    result = evaluate(http, id);
    for (JsonNode r : result.path("results")) {
      rows.put(
          r.path("metric").asText()
              + "|"
              + r.path("segment").path("attribute").asText()
              + "|"
              + r.path("segment").path("value").asText(),
          r);
    }
    // A treatment that makes users answer far more often: the survey's lift is not the campaign's.
    String skewed = Campaigns.uniqueId("loyal-skew");
    List<ObjectNode> x = new ArrayList<>();
    List<ObjectNode> o = new ArrayList<>();
    generate(new Random(99L), skewed, now, 300, 0.1, 0.45, new ArrayList<>(), x, o);
    load(http, skewed, now, x, o, new Random(8));
    biased = evaluate(http, skewed);
    FoldedAggregates.assertEqualToFullRead(TestBackends.get(), id);
    FoldedAggregates.assertEqualToFullRead(TestBackends.get(), skewed);
  }

  private static void load(
      Http http,
      String campaignId,
      Instant now,
      List<ObjectNode> exposures,
      List<ObjectNode> outcomes,
      Random rnd)
      throws Exception {
    assertEquals(201, http.put("/campaigns/" + campaignId, campaign(now).toString()).status());
    // Outcomes arrive in any order, some before the exposures they belong to.
    Collections.shuffle(outcomes, rnd);
    int early = outcomes.size() / 3;
    send(http, "/outcomes", "outcomes", outcomes.subList(0, early));
    send(http, "/campaigns/" + campaignId + "/exposures", "exposures", exposures);
    send(http, "/outcomes", "outcomes", outcomes.subList(early, outcomes.size()));
  }

  private static JsonNode evaluate(Http http, String campaignId) throws Exception {
    FoldedAggregates.awaitFolded();
    Http.Response r = http.post("/campaigns/" + campaignId + "/evaluations", "{}");
    assertEquals(201, r.status(), r.raw().body());
    return r.json();
  }

  private static ObjectNode campaign(Instant now) {
    ObjectNode c = Http.JSON.createObjectNode();
    c.put("name", "Loyalty check");
    c.put("startAt", now.minus(Duration.ofDays(300)).toString());
    c.put("windowDays", WINDOW_DAYS);
    c.put("retentionDays", RETENTION_DAYS);
    c.put("loyaltyPurchases", LOYALTY_PURCHASES);
    ArrayNode groups = c.putArray("groups");
    groups.addObject().put("name", "holdout").put("weight", 0.5).put("control", true);
    groups.addObject().put("name", "treated").put("weight", 0.5);
    c.putArray("segmentAttributes").add("loyalty");
    c.put("shards", 4);
    return c;
  }

  /**
   * Users whose windows have all ended, with surveys answered at the given rates per arm and true
   * effects for the treated arm: more promoters, fewer cancellations, sooner repeat purchases.
   */
  private static void generate(
      Random rnd,
      String campaignId,
      Instant now,
      int n,
      double controlAnswers,
      double treatedAnswers,
      List<User> out,
      List<ObjectNode> exposures,
      List<ObjectNode> outcomes) {
    int seq = 0;
    for (int i = 0; i < n; i++) {
      User u = new User();
      // Users are global, not per campaign: ids of their own keep other tests' users out.
      u.id = campaignId + "-u" + i;
      u.group = rnd.nextBoolean() ? "treated" : "holdout";
      boolean treated = u.group.equals("treated");
      // Whole seconds, and never within a second of a day boundary, so no event sits on one.
      u.t0 = now.minus(Duration.ofDays(40)).minusSeconds(rnd.nextInt(60 * 86_400));
      ObjectNode x = Http.JSON.createObjectNode();
      x.put("userId", u.id).put("at", u.t0.toString()).put("group", u.group);
      exposures.add(x);
      // Pre-window purchases (behavioural loyalty) and an NPS answer before exposure.
      int prePurchases = rnd.nextInt(4);
      for (int k = 0; k < prePurchases; k++) {
        purchase(u, u.t0.minusSeconds(3600 + rnd.nextInt(12 * 86_400)), rnd);
      }
      if (rnd.nextDouble() < 0.6) {
        u.nps.put(u.t0.minusSeconds(600 + rnd.nextInt(80 * 86_400)), rnd.nextInt(11));
      }
      if (rnd.nextDouble() < 0.3) {
        u.activity.add(u.t0.minusSeconds(60 + rnd.nextInt(13 * 86_400)));
      }
      // In the window.
      int buys = rnd.nextDouble() < 0.45 ? 1 + rnd.nextInt(treated ? 4 : 3) : 0;
      for (int k = 0; k < buys; k++) {
        purchase(u, inWindow(rnd, u.t0, treated ? 0.7 : 1.0), rnd);
      }
      int acts = rnd.nextInt(4);
      for (int k = 0; k < acts; k++) {
        u.activity.add(inWindow(rnd, u.t0, 1.0));
      }
      if (rnd.nextDouble() < (treated ? 0.08 : 0.14)) {
        u.cancellations.add(inWindow(rnd, u.t0, 1.0));
      }
      if (rnd.nextDouble() < 0.05) { // a cancellation in the pre-window: the covariate
        u.cancellations.add(u.t0.minusSeconds(60 + rnd.nextInt(13 * 86_400)));
      }
      if (rnd.nextDouble() < (treated ? treatedAnswers : controlAnswers)) {
        int answers = 1 + (rnd.nextDouble() < 0.2 ? 1 : 0); // some answer twice: the last counts
        for (int k = 0; k < answers; k++) {
          int score = Math.min(10, rnd.nextInt(11) + (treated && rnd.nextDouble() < 0.3 ? 2 : 0));
          u.nps.put(inWindow(rnd, u.t0, 1.0), score);
        }
      }
      if (rnd.nextDouble() < (treated ? treatedAnswers : controlAnswers)) {
        u.csat.put(inWindow(rnd, u.t0, 1.0), 1 + rnd.nextInt(5));
      }
      if (rnd.nextDouble() < 0.12) { // a refund in the window nets revenue down, maybe below 0
        u.refunds.put(inWindow(rnd, u.t0, 1.0), BigDecimal.valueOf(100 + rnd.nextInt(15_000), 2));
      }
      if (rnd.nextDouble() < 0.05) { // one in the pre-window nets the covariate
        u.refunds.put(u.t0.minusSeconds(60 + rnd.nextInt(13 * 86_400)), BigDecimal.valueOf(250, 2));
      }
      if (rnd.nextDouble() < 0.2) { // after the window: must not count
        purchase(u, u.t0.plus(Duration.ofDays(WINDOW_DAYS)).plusSeconds(3600), rnd);
      }
      out.add(u);
      for (int k = 0; k < u.purchases.size(); k++) {
        outcomes.add(
            outcome(u.id + "-p" + seq++, u.id, "purchase", u.purchases.get(k))
                .put("value", u.amounts.get(k)));
      }
      for (Instant a : u.activity) {
        outcomes.add(outcome(u.id + "-a" + seq++, u.id, "activity", a));
      }
      for (Map.Entry<Instant, BigDecimal> r : u.refunds.entrySet()) {
        outcomes.add(
            outcome(u.id + "-r" + seq++, u.id, "refund", r.getKey()).put("value", r.getValue()));
      }
      for (Instant c : u.cancellations) {
        outcomes.add(outcome(u.id + "-c" + seq++, u.id, "cancellation", c));
      }
      for (Map.Entry<Instant, Integer> a : u.nps.entrySet()) {
        outcomes.add(
            outcome(u.id + "-n" + seq++, u.id, "survey", a.getKey())
                .put("survey", "nps")
                .put("score", a.getValue()));
      }
      for (Map.Entry<Instant, Integer> a : u.csat.entrySet()) {
        outcomes.add(
            outcome(u.id + "-s" + seq++, u.id, "survey", a.getKey())
                .put("survey", "csat")
                .put("score", a.getValue()));
      }
    }
  }

  private static void purchase(User u, Instant at, Random rnd) {
    u.purchases.add(at);
    u.amounts.add(BigDecimal.valueOf(500 + rnd.nextInt(20_000), 2));
  }

  /** A whole-second instant in the window, earlier on average when {@code pace} &lt; 1. */
  private static Instant inWindow(Random rnd, Instant t0, double pace) {
    double share = Math.pow(rnd.nextDouble(), 1 / pace);
    long seconds = (long) (share * (WINDOW_DAYS * 86_400L - 2));
    return t0.plusSeconds(1 + seconds);
  }

  private static ObjectNode outcome(String eventId, String user, String type, Instant at) {
    ObjectNode o = Http.JSON.createObjectNode();
    o.put("eventId", eventId).put("userId", user).put("type", type).put("at", at.toString());
    return o;
  }

  private static void send(Http http, String path, String field, List<ObjectNode> records)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Http.Response>> sent = new ArrayList<>();
      for (String body : Dataset.bodies(field, records, 250)) {
        sent.add(pool.submit(() -> http.post(path, body)));
      }
      for (Future<Http.Response> f : sent) {
        Http.Response r = f.get();
        assertEquals(200, r.status(), r.raw().body());
      }
    } finally {
      pool.shutdown();
    }
  }

  // ---------------------------------------------------------------- the raw data's own figures

  private boolean inWindow(User u, Instant at) {
    return !at.isBefore(u.t0) && at.isBefore(u.t0.plus(Duration.ofDays(WINDOW_DAYS)));
  }

  private Map.Entry<Instant, Integer> lastIn(User u, TreeMap<Instant, Integer> answers) {
    Map.Entry<Instant, Integer> last = null;
    for (Map.Entry<Instant, Integer> a : answers.entrySet()) {
      if (inWindow(u, a.getKey())) {
        last = a;
      }
    }
    return last;
  }

  /** The user's quadrant: docs/metrics.md's table applied to the raw events. */
  private String quadrant(User u) {
    Map.Entry<Instant, Integer> before = u.nps.lowerEntry(u.t0);
    if (before == null) {
      return "unknown";
    }
    long pre =
        u.purchases.stream()
            .filter(p -> !p.isBefore(u.t0.minus(Duration.ofDays(WINDOW_DAYS))))
            .filter(p -> p.isBefore(u.t0))
            .count();
    boolean buys = pre >= LOYALTY_PURCHASES;
    boolean promoter = before.getValue() >= 9;
    return buys ? (promoter ? "loyal" : "spurious") : (promoter ? "latent" : "not-loyal");
  }

  private List<User> arm(String group, String quadrant) {
    return users.stream()
        .filter(u -> u.group.equals(group))
        .filter(u -> quadrant == null || quadrant(u).equals(quadrant))
        .toList();
  }

  /** Σ numerator / Σ denominator over an arm. */
  private static double ratio(
      List<User> arm, ToDoubleFunction<User> numerator, ToDoubleFunction<User> denominator) {
    double m = 0;
    double d = 0;
    for (User u : arm) {
      m += numerator.applyAsDouble(u);
      d += denominator.applyAsDouble(u);
    }
    return m / d;
  }

  private double npsClass(User u) {
    Map.Entry<Instant, Integer> a = lastIn(u, u.nps);
    return a == null ? 0 : a.getValue() >= 9 ? 100 : a.getValue() <= 6 ? -100 : 0;
  }

  private double answered(User u, TreeMap<Instant, Integer> answers) {
    return lastIn(u, answers) == null ? 0 : 1;
  }

  /**
   * The variance of a ratio's mean by linearisation: z_i = (m_i − R·d_i) / d̄, Var(R̂) ≈ s²_z / n
   * (Deng, Knoblich and Lu 2018) — the engine uses the expanded delta-method formula instead.
   */
  private static double ratioVariance(
      List<User> arm, ToDoubleFunction<User> numerator, ToDoubleFunction<User> denominator) {
    double r = ratio(arm, numerator, denominator);
    double dBar = arm.stream().mapToDouble(denominator).average().orElseThrow();
    double[] z =
        arm.stream()
            .mapToDouble(
                u -> (numerator.applyAsDouble(u) - r * denominator.applyAsDouble(u)) / dBar)
            .toArray();
    double mean = java.util.Arrays.stream(z).average().orElseThrow();
    double ss = java.util.Arrays.stream(z).map(v -> (v - mean) * (v - mean)).sum();
    return ss / (z.length - 1) / z.length;
  }

  /** Whole days from exposure to the second purchase at or after it in the window, or 0. */
  private int repeatDay(User u) {
    List<Instant> in = u.purchases.stream().filter(p -> inWindow(u, p)).sorted().toList();
    if (in.size() < 2) {
      return 0;
    }
    return (int) (Duration.between(u.t0, in.get(1)).getSeconds() / 86_400) + 1;
  }

  /**
   * Kaplan–Meier restricted mean over the window, written out from the per-user event days: every
   * user without a repeat purchase is followed for the whole window (all have matured).
   */
  private double rmst(List<User> arm) {
    int[] events = new int[WINDOW_DAYS + 1];
    for (User u : arm) {
      events[repeatDay(u)]++;
    }
    double s = 1;
    double area = 0;
    long atRisk = arm.size();
    for (int day = 1; day <= WINDOW_DAYS; day++) {
      area += s; // S is constant on [day − 1, day): the drop happens at day
      if (events[day] > 0) {
        s *= 1 - (double) events[day] / atRisk;
        atRisk -= events[day];
      }
    }
    return area;
  }

  private JsonNode row(String metric, String value) {
    JsonNode r = rows.get(metric + "|" + (value == null ? "all|all" : "loyalty|" + value));
    assertNotNull(r, metric + " " + value);
    return r;
  }

  private static void close(double expected, double actual, String what) {
    assertEquals(expected, actual, TOL * Math.max(1, Math.abs(expected)), what);
  }

  // ---------------------------------------------------------------- the checks

  @Test
  void surveyRatiosMatchTheRawAnswersInEveryQuadrant() {
    for (String q : new String[] {null, "loyal", "spurious", "latent", "not-loyal", "unknown"}) {
      for (String g : List.of("holdout", "treated")) {
        List<User> arm = arm(g, q);
        String side = g.equals("holdout") ? "control" : "treatment";
        close(
            ratio(arm, this::npsClass, u -> answered(u, u.nps)),
            row("nps", q).path(side).path("mean").asDouble(),
            "NPS points of " + g + " in " + q);
        close(
            ratio(arm, u -> lastOrZero(u, u.csat), u -> answered(u, u.csat)),
            row("csat", q).path(side).path("mean").asDouble(),
            "CSAT of " + g + " in " + q);
        close(
            ratio(arm, u -> lastOrZero(u, u.csat) >= 4 ? 1 : 0, u -> answered(u, u.csat)),
            row("csatTop2", q).path(side).path("mean").asDouble(),
            "CSAT top-2 of " + g + " in " + q);
        assertEquals(arm.size(), row("nps", q).path(side).path("n").asLong(), "users, " + q);
      }
    }
  }

  private double lastOrZero(User u, TreeMap<Instant, Integer> answers) {
    Map.Entry<Instant, Integer> a = lastIn(u, answers);
    return a == null ? 0 : a.getValue();
  }

  @Test
  void npsIsAnAbsoluteDifferenceInPointsWithTheDeltaMethodError() {
    JsonNode r = row("nps", null);
    List<User> c = arm("holdout", null);
    List<User> t = arm("treated", null);
    ToDoubleFunction<User> answeredNps = u -> answered(u, u.nps);
    double diff = ratio(t, this::npsClass, answeredNps) - ratio(c, this::npsClass, answeredNps);
    close(diff, r.path("absolute").path("estimate").asDouble(), "difference in points");
    double se =
        Math.sqrt(
            ratioVariance(c, this::npsClass, answeredNps)
                + ratioVariance(t, this::npsClass, answeredNps));
    assertEquals(se, r.path("absolute").path("se").asDouble(), 1e-6 * se, "delta-method error");
    assertTrue(r.path("relative").isNull(), "no relative lift for NPS");
    assertEquals("ratio", r.path("type").asText());
    // Campaigns are sequential by default: NPS decides on its absolute always-valid sequence.
    assertEquals(
        r.path("sequential").path("pValue").asDouble(),
        r.path("pValue").asDouble(),
        "the decision is the absolute lift's");
    assertTrue(
        r.path("sequential").path("ciLower").asDouble() <= diff
            && diff <= r.path("sequential").path("ciUpper").asDouble(),
        "the sequence is around the difference in points");
  }

  @Test
  void sharesAndOrderValueMatchTheRawEvents() {
    for (String g : List.of("holdout", "treated")) {
      List<User> arm = arm(g, null);
      String side = g.equals("holdout") ? "control" : "treatment";
      close(
          share(arm, u -> answered(u, u.nps) + answered(u, u.csat) > 0),
          row("responseRate", null).path(side).path("mean").asDouble(),
          "response rate of " + g);
      close(
          share(arm, u -> u.cancellations.stream().anyMatch(x -> inWindow(u, x))),
          row("cancellationRate", null).path(side).path("mean").asDouble(),
          "cancellation rate of " + g);
      Instant[] from = new Instant[1];
      close(
          share(
              arm,
              u -> {
                from[0] = u.t0.plus(Duration.ofDays(WINDOW_DAYS - RETENTION_DAYS));
                return java.util.stream.Stream.concat(u.activity.stream(), u.purchases.stream())
                    .anyMatch(x -> inWindow(u, x) && !x.isBefore(from[0]));
              }),
          row("retainedRate", null).path(side).path("mean").asDouble(),
          "retained rate of " + g);
      // Revenue is net of refunds in the window (docs/metrics.md); orders are not.
      BigDecimal revenue = BigDecimal.ZERO;
      long orders = 0;
      for (User u : arm) {
        for (int k = 0; k < u.purchases.size(); k++) {
          if (inWindow(u, u.purchases.get(k))) {
            revenue = revenue.add(u.amounts.get(k));
            orders++;
          }
        }
        for (Map.Entry<Instant, BigDecimal> r : u.refunds.entrySet()) {
          revenue = inWindow(u, r.getKey()) ? revenue.subtract(r.getValue()) : revenue;
        }
      }
      close(
          revenue.doubleValue() / orders,
          row("orderValue", null).path(side).path("mean").asDouble(),
          "order value of " + g);
      close(
          revenue.doubleValue() / arm.size(),
          row("revenue", null).path(side).path("mean").asDouble(),
          "revenue per user of " + g);
    }
    assertEquals("lower", row("cancellationRate", null).path("direction").asText());
    assertEquals("higher", row("retainedRate", null).path("direction").asText());
  }

  private static double share(List<User> arm, java.util.function.Predicate<User> p) {
    return (double) arm.stream().filter(p).count() / arm.size();
  }

  @Test
  void timeToRepeatPurchaseIsTheKaplanMeierRestrictedMeanOfTheRawPurchases() {
    for (String q : new String[] {null, "loyal", "unknown"}) {
      JsonNode r = row("timeToRepeatPurchase", q);
      assertEquals("survival", r.path("type").asText());
      double rc = rmst(arm("holdout", q));
      double rt = rmst(arm("treated", q));
      JsonNode s = r.path("survival");
      assertEquals(WINDOW_DAYS, s.path("horizonDays").asInt());
      close(rc, s.path("control").path("rmst").asDouble(), "control RMST " + q);
      close(rt, s.path("treatment").path("rmst").asDouble(), "treated RMST " + q);
      close(rt - rc, r.path("absolute").path("estimate").asDouble(), "RMST difference " + q);
      long events = arm("treated", q).stream().filter(u -> repeatDay(u) > 0).count();
      assertEquals(events, s.path("treatment").path("events").asLong());
      assertEquals(
          s.path("logRank").path("pValue").asDouble(),
          r.path("pValue").asDouble(),
          "the log-rank test decides");
      assertEquals(q == null, s.path("control").has("curve"), "curves in segment all only");
    }
    // Treated users buy sooner in this data: their restricted mean is shorter.
    assertTrue(rmst(arm("treated", null)) < rmst(arm("holdout", null)));
  }

  @Test
  void balancedResponseRatesKeepSurveysComparable() {
    JsonNode checks = result.path("health").path("surveyResponse");
    assertEquals(2, checks.size(), checks.toString());
    for (JsonNode c : checks) {
      assertTrue(c.path("comparable").asBoolean(), c.toString());
    }
    assertTrue(row("nps", null).path("comparable").asBoolean());
    assertFalse(row("activity", null).has("comparable"), "only survey rows carry it");
  }

  @Test
  void aTreatmentThatChangesWhoAnswersIsFlaggedNotComparable() {
    JsonNode checks = biased.path("health").path("surveyResponse");
    boolean flagged = false;
    for (JsonNode c : checks) {
      flagged |= !c.path("comparable").asBoolean();
      assertTrue(c.path("pValue").asDouble() < c.path("threshold").asDouble(), c.toString());
    }
    assertTrue(flagged, checks.toString());
    for (JsonNode r : biased.path("results")) {
      String m = r.path("metric").asText();
      if (m.equals("nps") || m.equals("csat") || m.equals("csatTop2")) {
        assertFalse(r.path("comparable").asBoolean(true), r.toString());
        assertFalse(r.path("significant").asBoolean(), "never significant when not comparable");
      }
    }
  }
}
