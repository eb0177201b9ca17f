package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.stats.Alternative;
import campaignlift.stats.AnalysisSettings;
import campaignlift.stats.CovariateSums;
import campaignlift.stats.GroupSums;
import campaignlift.stats.LiftAnalysis;
import campaignlift.stats.LiftResult;
import campaignlift.stats.MetricType;
import campaignlift.stats.PValueCorrection;
import campaignlift.stats.TestResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Independent check of evaluation: raw exposures and outcomes with known effects are generated
 * here, the expected per group × segment × metric figures are computed directly from that raw data
 * (docs/metrics.md applied to event lists, not through the project's counters or accumulator), the
 * data goes through the HTTP API of the local twin, and the evaluation returned over HTTP must
 * match: n, means and variances to 1e-9 relative, and every estimate and interval to 1e-9 against
 * {@link LiftAnalysis} fed the independently computed sums. The data is generated, sent and
 * evaluated once for the class; each test then checks one thing a user would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationEndToEndTest {
  static final int USERS = 3000;
  static final int WINDOW_DAYS = 14;
  static final int NEW_USER_DAYS = 30;
  static final double TOL = 1e-9;
  static final String[] METRICS = {
    "newUsers",
    "activeRate",
    "activity",
    "purchaserRate",
    "repeatPurchaseRate",
    "purchases",
    "revenue"
  };

  static final List<String> SEGMENTS =
      List.of(
          "all|all",
          "userType|new",
          "userType|existing",
          "channel|email",
          "channel|push",
          "channel|(none)");

  /** One generated user: exposures (first is the earliest) and own events. */
  static final class User {
    String id;
    String group;
    Instant t0;
    String channel; // null: attribute missing
    Instant createdAt; // null: not given
    boolean conflict;
    final List<Dataset.Outcome> own = new ArrayList<>();
    final List<Dataset.Outcome> referrals = new ArrayList<>();
  }

  // ---- The shared fixture: generated once, sent over HTTP once, evaluated once. ----
  private final Duration w = Duration.ofDays(WINDOW_DAYS);
  private final List<User> users = new ArrayList<>();
  private String id;
  private int duplicatesSent;
  private long answeredDuplicates;
  private int repeatExposures;
  private JsonNode result;

  // Expected figures, computed from the raw data only.
  /** group|attribute|value → metric → {n, Σy, Σy², Σx, Σx², Σxy}, summed in one pass. */
  private final Map<String, double[][]> sums = new TreeMap<>();

  /** group|attribute|value|metric → the users' values (for two-pass means and variances). */
  private final Map<String, List<Double>> valuesByCell = new HashMap<>();

  private final Map<String, Long> enrolled = new HashMap<>();
  private long conflicts;

  /** metric|attribute|value → the result row over HTTP. */
  private final Map<String, JsonNode> rows = new LinkedHashMap<>();

  /** metric|attribute|value → LiftAnalysis fed the independently computed sums, in row order. */
  private final Map<String, LiftResult> lifts = new LinkedHashMap<>();

  @BeforeAll
  void loadAndEvaluate() throws Exception {
    Http http = new Http(TestBackends.get().url());
    id = Campaigns.uniqueId("e2e");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    assertEquals(201, http.put("/campaigns/" + id, campaign(now).toString()).status());
    List<ObjectNode> exposures = new ArrayList<>();
    List<ObjectNode> outcomes = new ArrayList<>();
    Random rnd = new Random(20261123L);
    generate(rnd, now, exposures, outcomes);
    // Some outcomes arrive before the exposures they belong to: send a third of them first.
    Collections.shuffle(outcomes, rnd);
    int early = outcomes.size() / 3;
    long loadStart = System.nanoTime();
    send(http, "/outcomes", "outcomes", outcomes.subList(0, early));
    answeredDuplicates = send(http, "/campaigns/" + id + "/exposures", "exposures", exposures);
    send(http, "/outcomes", "outcomes", outcomes.subList(early, outcomes.size()));
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

    FoldedAggregates.awaitFolded();
    long evalStart = System.nanoTime();
    Http.Response evaluated = http.post("/campaigns/" + id + "/evaluations", "{}");
    double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
    assertEquals(201, evaluated.status(), evaluated.raw().body());
    System.out.printf(
        "e2e: %d users, %d exposures, %d outcomes loaded in %.1f s; evaluation over HTTP %.3f s"
            + " (%.0f enrolments/s)%n",
        USERS, exposures.size(), outcomes.size(), loadSeconds, evalSeconds, USERS / evalSeconds);
    result = evaluated.json();
    // Warm repeats for a steadier throughput figure (each one reads every enrolment again and
    // writes its snapshot, report and result).
    for (int k = 0; k < 3; k++) {
      long t = System.nanoTime();
      assertEquals(201, http.post("/campaigns/" + id + "/evaluations", "{}").status());
      double s = (System.nanoTime() - t) / 1e9;
      System.out.printf("e2e: repeat evaluation %.3f s (%.0f enrolments/s)%n", s, USERS / s);
    }
    expectFromRawData();
    for (JsonNode r : result.path("results")) {
      JsonNode segment = r.path("segment");
      String key =
          r.path("metric").asText()
              + "|"
              + segment.path("attribute").asText()
              + "|"
              + segment.path("value").asText();
      rows.put(key, r);
    }
  }

  private static ObjectNode campaign(Instant now) {
    ObjectNode campaign = Http.JSON.createObjectNode();
    campaign.put("name", "E2E <b>check</b>");
    campaign.put("startAt", now.minus(Duration.ofDays(200)).toString());
    campaign.put("windowDays", WINDOW_DAYS);
    campaign.put("newUserDays", NEW_USER_DAYS);
    ArrayNode groups = campaign.putArray("groups");
    groups.addObject().put("name", "holdout").put("weight", 0.5).put("control", true);
    groups.addObject().put("name", "treated").put("weight", 0.5);
    campaign.putArray("segmentAttributes").add("channel");
    campaign.put("cost", 1000.0);
    campaign.put("shards", 8);
    return campaign;
  }

  /** Users with known effects for the treated group, as raw exposures and outcomes. */
  private void generate(
      Random rnd, Instant now, List<ObjectNode> exposures, List<ObjectNode> outcomes) {
    int eventSeq = 0;
    for (int i = 0; i < USERS; i++) {
      User u = new User();
      u.id = "u" + i;
      u.group = rnd.nextBoolean() ? "treated" : "holdout";
      u.t0 = now.minus(Duration.ofDays(60)).minusSeconds(rnd.nextInt(40 * 86400));
      double c = rnd.nextDouble();
      u.channel = c < 0.4 ? "email" : c < 0.8 ? "push" : null;
      if (rnd.nextDouble() < 0.4) {
        u.createdAt = u.t0.minus(Duration.ofHours(rnd.nextInt(90 * 24)));
      }
      boolean treated = u.group.equals("treated");
      ObjectNode x = new Dataset.Exposure(u.id, u.t0, u.group, u.channel, u.createdAt).json();
      exposures.add(x);
      if (i % 50 == 7) { // redelivered exposure: a duplicate
        exposures.add(x.deepCopy());
        duplicatesSent++;
      }
      if (i % 100 == 13) { // a later exposure naming the other group: a conflict
        u.conflict = true;
        repeatExposures++;
        String other = treated ? "holdout" : "treated";
        Instant later = u.t0.plus(Duration.ofHours(2));
        exposures.add(new Dataset.Exposure(u.id, later, other, u.channel, null).json());
      }
      // Pre-window and older activity and purchases (the CUPED covariates and repeat history).
      int preActivity = poisson(rnd, 0.7);
      for (int k = 0; k < preActivity; k++) {
        u.own.add(ev("e" + eventSeq++, u.id, "activity", before(rnd, u.t0, w), null, null));
      }
      if (rnd.nextDouble() < 0.3) {
        u.own.add(ev("e" + eventSeq++, u.id, "purchase", before(rnd, u.t0, w), amount(rnd), null));
      }
      if (rnd.nextDouble() < 0.2) { // older than the pre-window: counts only towards "≥ 2 total"
        Instant old = u.t0.minus(w).minus(Duration.ofHours(1 + rnd.nextInt(20 * 24)));
        u.own.add(ev("e" + eventSeq++, u.id, "purchase", old, amount(rnd), null));
      }
      if (rnd.nextDouble() < 0.05) {
        u.own.add(ev("e" + eventSeq++, u.id, "signup", before(rnd, u.t0, w), null, null));
      }
      // In-window outcomes with true effects for the treated group.
      int activity = poisson(rnd, (treated ? 1.2 : 1.0) * (preActivity > 0 ? 1.5 : 0.7));
      for (int k = 0; k < activity; k++) {
        u.own.add(ev("e" + eventSeq++, u.id, "activity", within(rnd, u.t0, w), null, null));
      }
      int purchases = rnd.nextDouble() < (treated ? 0.35 : 0.28) ? 1 + poisson(rnd, 0.4) : 0;
      for (int k = 0; k < purchases; k++) {
        u.own.add(ev("e" + eventSeq++, u.id, "purchase", within(rnd, u.t0, w), amount(rnd), null));
      }
      if (rnd.nextDouble() < 0.04) { // the user's own sign-up in the window
        u.own.add(ev("e" + eventSeq++, u.id, "signup", within(rnd, u.t0, w), null, null));
      }
      int referrals = rnd.nextDouble() < (treated ? 0.12 : 0.07) ? 1 + poisson(rnd, 0.3) : 0;
      for (int k = 0; k < referrals; k++) {
        String friend = "friend" + eventSeq;
        u.referrals.add(ev("e" + eventSeq++, friend, "signup", within(rnd, u.t0, w), null, u.id));
      }
      if (rnd.nextDouble() < 0.1) { // a referral in the pre-window (covariate of newUsers)
        String friend = "friend" + eventSeq;
        u.referrals.add(ev("e" + eventSeq++, friend, "signup", before(rnd, u.t0, w), null, u.id));
      }
      if (rnd.nextDouble() < 0.3) { // after the window: must not count
        Instant late = u.t0.plus(w).plus(Duration.ofHours(1 + rnd.nextInt(10 * 24)));
        u.own.add(ev("e" + eventSeq++, u.id, "purchase", late, amount(rnd), null));
      }
      users.add(u);
      u.own.forEach(e -> outcomes.add(e.json()));
      u.referrals.forEach(e -> outcomes.add(e.json()));
    }
  }

  /**
   * docs/metrics.md applied to the generated users: per group × segment × metric, the one-pass sums
   * LiftAnalysis takes and the values themselves; then LiftAnalysis fed those sums.
   */
  private void expectFromRawData() {
    for (User u : users) {
      enrolled.merge(u.group, 1L, Long::sum);
      if (u.conflict) {
        conflicts++;
        continue;
      }
      Instant known = u.createdAt;
      for (Dataset.Outcome e : u.own) {
        known = known == null || e.at().isBefore(known) ? e.at() : known;
      }
      boolean isNew = known == null || !known.isBefore(u.t0.minus(Duration.ofDays(NEW_USER_DAYS)));
      double[][] yx = values(u, w);
      for (String seg :
          List.of(
              "all|all",
              "userType|" + (isNew ? "new" : "existing"),
              "channel|" + (u.channel == null ? "(none)" : u.channel))) {
        double[][] s = sums.computeIfAbsent(u.group + "|" + seg, k -> new double[7][6]);
        for (int m = 0; m < 7; m++) {
          double y = yx[m][0];
          double x = yx[m][1];
          s[m][0] += 1;
          s[m][1] += y;
          s[m][2] += y * y;
          s[m][3] += x;
          s[m][4] += x * x;
          s[m][5] += x * y;
          valuesByCell
              .computeIfAbsent(u.group + "|" + seg + "|" + m, k -> new ArrayList<>())
              .add(y);
        }
      }
    }
    AnalysisSettings settings = new AnalysisSettings(0.05, true, 5000, true, Alternative.TWO_SIDED);
    for (int m = 0; m < 7; m++) {
      for (String seg : SEGMENTS) {
        GroupSums c = groupSums(sums.get("holdout|" + seg)[m]);
        GroupSums t = groupSums(sums.get("treated|" + seg)[m]);
        lifts.put(METRICS[m] + "|" + seg, LiftAnalysis.compare(type(m), c, t, settings));
      }
    }
  }

  static Stream<String> metrics() {
    return Stream.of(METRICS);
  }

  @Test
  void redeliveredExposuresAreAnsweredAsDuplicates() {
    assertEquals(
        duplicatesSent, answeredDuplicates, "redelivered exposures answered as duplicates");
  }

  @Test
  void eachGroupCountsEveryUserEnrolledInIt() {
    for (JsonNode g : result.path("groups")) {
      assertEquals((long) enrolled.get(g.path("name").asText()), g.path("enrolled").asLong());
    }
  }

  @Test
  void healthCountsConflictsAndRepeatExposuresAndNoSampleRatioMismatch() {
    JsonNode health = result.path("health");
    assertEquals(conflicts, health.path("conflicts").asLong());
    // Health counts repeat exposures (a second, distinct exposure), not redeliveries.
    assertEquals(repeatExposures, health.path("duplicates").asLong());
    assertEquals(0, health.path("immatureExcluded").asLong());
    assertFalse(health.path("srm").path("mismatch").asBoolean());
  }

  /** One row per metric × segment (all users, user type, channel), each treated vs the holdout. */
  @Test
  void resultHasExactlyOneRowPerMetricAndSegment() {
    assertEquals(id, result.path("campaignId").asText());
    for (JsonNode r : result.path("results")) {
      assertEquals("treated", r.path("group").asText());
    }
    for (String key : lifts.keySet()) {
      assertNotNull(rows.get(key), "row " + key);
    }
    assertEquals(42, lifts.size());
    // The seven count and revenue metrics checked here, and the eight loyalty metrics
    // (LoyaltyEvaluationEndToEndTest checks those), each in the six segments.
    assertEquals(15 * SEGMENTS.size(), rows.size(), "exactly the expected rows");
  }

  @ParameterizedTest
  @MethodSource("metrics")
  void countsMeansAndVariancesMatchTheRawData(String metric) {
    int m = List.of(METRICS).indexOf(metric);
    for (String seg : SEGMENTS) {
      JsonNode row = row(metric + "|" + seg);
      for (String[] side : new String[][] {{"holdout", "control"}, {"treated", "treatment"}}) {
        String cell = side[0] + "|" + seg;
        checkMoments(
            metric + "|" + cell,
            row.path(side[1]),
            sums.get(cell)[m],
            valuesByCell.get(cell + "|" + m),
            type(m));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("metrics")
  void estimatesAndIntervalsMatchLiftAnalysisOfTheRawSums(String metric) {
    int m = List.of(METRICS).indexOf(metric);
    for (String seg : SEGMENTS) {
      String at = metric + "|" + seg;
      JsonNode row = row(at);
      LiftResult lift = lifts.get(at);
      checkTest(at + " absolute", row.path("absolute"), lift.absolute());
      checkTest(at + " relative", row.path("relative"), lift.relative());
      JsonNode sequential = row.path("sequential");
      close(at + " seq lower", lift.sequential().ciLower(), sequential.path("ciLower"));
      close(at + " seq upper", lift.sequential().ciUpper(), sequential.path("ciUpper"));
      close(at + " seq p", lift.sequential().pValue(), sequential.path("pValue"));
      close(at + " chance", lift.chanceToWin(), row.path("chanceToWin"));
      double treated = sums.get("treated|" + seg)[m][0];
      close(
          at + " incremental",
          lift.absolute().estimate() * treated,
          row.path("incremental").path("estimate"));
    }
  }

  @ParameterizedTest
  @MethodSource("metrics")
  void cupedMatchesTheRawPreWindowCovariate(String metric) {
    for (String seg : SEGMENTS) {
      String at = metric + "|" + seg;
      JsonNode cuped = row(at).path("cuped");
      LiftResult lift = lifts.get(at);
      close(at + " theta", lift.cuped().theta(), cuped.path("theta"));
      assertEquals(lift.cuped().applied(), cuped.path("applied").asBoolean(), at + " applied");
    }
  }

  /**
   * Benjamini–Hochberg over every row of the evaluation: the 42 rows of the count and revenue
   * metrics with their p-values computed here, the loyalty metrics' rows with their own decision
   * p-values (checked by LoyaltyEvaluationEndToEndTest).
   */
  @Test
  void adjustedPValuesAreBenjaminiHochbergOverEveryRow() {
    List<String> keys = new ArrayList<>(lifts.keySet());
    List<Double> family = new ArrayList<>();
    keys.forEach(k -> family.add(lifts.get(k).sequential().pValue()));
    rows.forEach(
        (k, r) -> {
          if (!lifts.containsKey(k)) {
            family.add(r.path("pValue").asDouble());
          }
        });
    assertEquals(rows.size(), family.size(), "the family is every row");
    double[] p = family.stream().mapToDouble(Double::doubleValue).toArray();
    double[] q = PValueCorrection.benjaminiHochberg(p);
    for (int i = 0; i < keys.size(); i++) {
      JsonNode row = row(keys.get(i));
      close("pValueAdjusted " + keys.get(i), q[i], row.path("pValueAdjusted"));
      assertEquals(q[i] < 0.05, row.path("significant").asBoolean(), keys.get(i));
    }
  }

  /** The true effects are large enough to see in activity for all users. */
  @Test
  void theTrueEffectOnActivityIsSeenWithCuped() {
    System.out.println("e2e row: " + rows.get("repeatPurchaseRate|all|all"));
    JsonNode activity = row("activity|all|all");
    assertTrue(activity.path("relative").path("estimate").asDouble() > 0.05, activity.toString());
    assertTrue(activity.path("cuped").path("applied").asBoolean());
  }

  @Test
  void costFiguresAppearWhereTheCampaignHasACost() {
    assertTrue(row("newUsers|all|all").has("costPerIncremental"));
    assertTrue(row("revenue|all|all").has("incrementalReturnOnSpend"));
  }

  private JsonNode row(String key) {
    JsonNode row = rows.get(key);
    assertNotNull(row, "row " + key);
    return row;
  }

  private static MetricType type(int m) {
    return proportion(m) ? MetricType.PROPORTION : MetricType.MEAN;
  }

  private static boolean proportion(int m) {
    return m == 1 || m == 3 || m == 4;
  }

  /** docs/metrics.md straight from the event lists: [metric][0 = value y, 1 = covariate x]. */
  private static double[][] values(User u, Duration w) {
    Dataset.Counts c = new Dataset.Counts();
    u.own.forEach(e -> c.add(e, u.t0, w));
    u.referrals.forEach(e -> c.add(e, u.t0, w));
    boolean purchased = c.purchases >= 1;
    boolean purchasedBefore = c.prePurchases >= 1;
    return new double[][] {
      {c.signups, c.preSignups},
      {c.activity >= 1 ? 1 : 0, c.preActivity >= 1 ? 1 : 0},
      {c.activity, c.preActivity},
      {purchased ? 1 : 0, purchasedBefore ? 1 : 0},
      {
        purchased && c.purchasesBeforeEnd >= 2 ? 1 : 0,
        purchasedBefore && c.purchasesBeforeStart >= 2 ? 1 : 0
      },
      {c.purchases, c.prePurchases},
      {c.revenue.doubleValue(), c.preRevenue.doubleValue()}
    };
  }

  private static GroupSums groupSums(double[] s) {
    return new GroupSums((long) s[0], s[1], s[2], new CovariateSums(s[3], s[4], s[5]));
  }

  private static void checkMoments(
      String at, JsonNode got, double[] s, List<Double> values, MetricType type) {
    long n = values.size();
    assertEquals(n, (long) s[0], at + " n of the sums");
    assertEquals(n, got.path("n").asLong(), at + " n");
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    double variance;
    if (type == MetricType.PROPORTION) {
      variance = mean * (1 - mean);
    } else {
      double ss = 0;
      for (double v : values) {
        ss += (v - mean) * (v - mean);
      }
      variance = n > 1 ? ss / (n - 1) : 0;
    }
    close(at + " mean", mean, got.path("mean"));
    close(at + " variance", variance, got.path("variance"));
  }

  private static void checkTest(String at, JsonNode got, TestResult want) {
    close(at + " estimate", want.estimate(), got.path("estimate"));
    close(at + " se", want.se(), got.path("se"));
    close(at + " ciLower", want.ciLower(), got.path("ciLower"));
    close(at + " ciUpper", want.ciUpper(), got.path("ciUpper"));
    close(at + " pValue", want.pValue(), got.path("pValue"));
  }

  private static void close(String what, double want, JsonNode got) {
    assertTrue(got.isNumber(), what + ": not a number: " + got);
    double g = got.asDouble();
    double scale = Math.max(Math.abs(want), 1e-12);
    assertTrue(
        Math.abs(g - want) <= TOL * scale || Math.abs(g - want) <= 1e-15,
        what + ": want " + want + ", got " + g);
  }

  /** Sends the records in batches of 1,000, three at a time; returns the answers' duplicates. */
  private static long send(Http http, String path, String field, List<ObjectNode> records)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Http.Response>> sent = new ArrayList<>();
      for (String body : Dataset.bodies(field, records, 1000)) {
        sent.add(pool.submit(() -> http.post(path, body)));
      }
      long duplicates = 0;
      for (Future<Http.Response> f : sent) {
        Http.Response r = f.get();
        assertEquals(200, r.status(), r.raw().body());
        duplicates += r.json().path("duplicates").asLong();
      }
      return duplicates;
    } finally {
      pool.shutdown();
    }
  }

  private static Dataset.Outcome ev(
      String id, String user, String type, Instant at, BigDecimal v, String r) {
    return new Dataset.Outcome(id, user, type, at, v, r);
  }

  private static Instant before(Random rnd, Instant t0, Duration w) {
    return t0.minusSeconds(1 + rnd.nextInt((int) w.getSeconds() - 1));
  }

  private static Instant within(Random rnd, Instant t0, Duration w) {
    return t0.plusSeconds(rnd.nextInt((int) w.getSeconds()));
  }

  private static BigDecimal amount(Random rnd) {
    return BigDecimal.valueOf(5 + rnd.nextInt(9500), 2).setScale(2, RoundingMode.UNNECESSARY);
  }

  private static int poisson(Random rnd, double lambda) {
    double l = Math.exp(-lambda);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
