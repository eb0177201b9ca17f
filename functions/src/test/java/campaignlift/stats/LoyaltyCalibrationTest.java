package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A/A calibration of the loyalty metrics (docs/statistics.md §17), in the manner of {@link
 * CalibrationTest}: per-user data drawn from one fixed seed per test, folded into the sums the
 * engine is fed, and tested at α = 0.05 (the response-balance check at its own 0.001). Both arms
 * are drawn from the same distribution, so every rejection is a false positive. The measured rates
 * are printed and written to target/calibration-loyalty.md.
 *
 * <p>Band for 2,000 simulations: [0.035, 0.065], ±3 binomial SDs (0.0049) around 0.05, the band of
 * {@link CalibrationTest}.
 */
class LoyaltyCalibrationTest {
  private static final int SIMULATIONS = 2000;
  private static final double ALPHA = 0.05;
  private static final double LOW = 0.035;
  private static final double HIGH = 0.065;
  private static final List<String> ROWS = new ArrayList<>();

  /** NPS answer distribution over scores 0..10 (cumulative), skewed to promoters as surveys are. */
  private static final double[] NPS_CDF = cumulative(2, 1, 1, 2, 3, 5, 6, 10, 20, 25, 25);

  /** CSAT answer distribution over scores 1..5 (cumulative). */
  private static final double[] CSAT_CDF = cumulative(5, 10, 20, 35, 30);

  private static double[] cumulative(double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double[] cdf = new double[weights.length];
    double acc = 0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i] / total;
      cdf[i] = acc;
    }
    return cdf;
  }

  private static int draw(SplittableRandom rnd, double[] cdf) {
    double u = rnd.nextDouble();
    for (int i = 0; i < cdf.length; i++) {
      if (u < cdf[i]) {
        return i;
      }
    }
    return cdf.length - 1;
  }

  /** NPS points of an answer: promoter (9-10) +100, passive (7-8) 0, detractor (0-6) −100. */
  private static double npsPoints(int score) {
    return score >= 9 ? 100 : score >= 7 ? 0 : -100;
  }

  /** Poisson(λ) by Knuth's product of uniforms (λ small here). */
  private static int poisson(SplittableRandom rnd, double lambda) {
    double limit = Math.exp(-lambda);
    double p = rnd.nextDouble();
    int k = 0;
    while (p > limit) {
      p *= rnd.nextDouble();
      k++;
    }
    return k;
  }

  private static double exponential(SplittableRandom rnd, double mean) {
    return -mean * Math.log(1 - rnd.nextDouble());
  }

  private static final AnalysisSettings SETTINGS =
      new AnalysisSettings(
          ALPHA, false, SequentialTTest.DEFAULT_TUNING, true, Alternative.TWO_SIDED);

  /** One arm of a survey: each of {@code users} answers with probability 0.2. */
  private static SimulatedRatioArm survey(SplittableRandom rnd, int users, boolean nps) {
    SimulatedRatioArm arm = new SimulatedRatioArm();
    for (int i = 0; i < users; i++) {
      if (rnd.nextDouble() < 0.2) {
        double m = nps ? npsPoints(draw(rnd, NPS_CDF)) : 1 + draw(rnd, CSAT_CDF);
        arm.add(m, 1);
      } else {
        arm.add(0, 0);
      }
    }
    return arm;
  }

  @Test
  void surveyRatiosHoldTheirFalsePositiveRate() {
    long seed = 101;
    SplittableRandom rnd = new SplittableRandom(seed);
    int nps = 0;
    int csatRelative = 0;
    int csatAbsolute = 0;
    for (int s = 0; s < SIMULATIONS; s++) {
      LiftResult n =
          LiftAnalysis.compareRatio(
              survey(rnd, 1000, true).sums(), survey(rnd, 1000, true).sums(), SETTINGS);
      nps += n.absolute().pValue() < ALPHA ? 1 : 0;
      LiftResult c =
          LiftAnalysis.compareRatio(
              survey(rnd, 1000, false).sums(), survey(rnd, 1000, false).sums(), SETTINGS);
      csatRelative += c.relative().pValue() < ALPHA ? 1 : 0;
      csatAbsolute += c.absolute().pValue() < ALPHA ? 1 : 0;
    }
    assertBand(
        seed,
        record("A/A FPR, NPS points over answers (1,000/arm, ~20% answer), absolute", nps),
        record("A/A FPR, CSAT 1-5 over answers (1,000/arm, ~20% answer), relative", csatRelative),
        record("A/A FPR, CSAT 1-5 over answers, absolute", csatAbsolute));
  }

  /**
   * The loyalty metrics that are shares: CSAT top-2 (a ratio over answers), and cancellation,
   * retention and survey response (proportions of every user; the first two with their pre-window
   * share as CUPED covariate, drawn from a per-user propensity both periods share).
   */
  @Test
  void loyaltySharesHoldTheirFalsePositiveRate() {
    long seed = 103;
    SplittableRandom rnd = new SplittableRandom(seed);
    int top2 = 0;
    int cancellation = 0;
    int retained = 0;
    int response = 0;
    for (int s = 0; s < SIMULATIONS; s++) {
      LiftResult t =
          LiftAnalysis.compareRatio(top2(rnd, 1000).sums(), top2(rnd, 1000).sums(), SETTINGS);
      top2 += t.relative().pValue() < ALPHA ? 1 : 0;
      LiftResult c =
          LiftAnalysis.compare(
              MetricType.PROPORTION, share(rnd, 2000, 0.07), share(rnd, 2000, 0.07), SETTINGS);
      cancellation += c.relative().pValue() < ALPHA ? 1 : 0;
      LiftResult r =
          LiftAnalysis.compare(
              MetricType.PROPORTION, share(rnd, 1000, 0.4), share(rnd, 1000, 0.4), SETTINGS);
      retained += r.relative().pValue() < ALPHA ? 1 : 0;
      SimulatedArm a = new SimulatedArm();
      SimulatedArm b = new SimulatedArm();
      SimulatedArm.fill(a, b, 1000, () -> bernoulli(rnd, 0.2), () -> bernoulli(rnd, 0.2));
      LiftResult p = LiftAnalysis.compare(MetricType.PROPORTION, a.sums(), b.sums(), SETTINGS);
      response += p.relative().pValue() < ALPHA ? 1 : 0;
    }
    assertBand(
        seed,
        record("A/A FPR, CSAT top-2 share over answers (1,000/arm, ~20% answer), relative", top2),
        record("A/A FPR, cancellation rate 7% with CUPED (2,000/arm), relative", cancellation),
        record("A/A FPR, retained rate 40% with CUPED (1,000/arm), relative", retained),
        record("A/A FPR, survey response rate 20% (1,000/arm), relative", response));
  }

  private static SimulatedRatioArm top2(SplittableRandom rnd, int users) {
    SimulatedRatioArm arm = new SimulatedRatioArm();
    for (int i = 0; i < users; i++) {
      if (rnd.nextDouble() < 0.2) {
        arm.add(1 + draw(rnd, CSAT_CDF) >= 4 ? 1 : 0, 1);
      } else {
        arm.add(0, 0);
      }
    }
    return arm;
  }

  /** A 0/1 outcome and its pre-window value, both drawn from a per-user propensity. */
  private static GroupSums share(SplittableRandom rnd, int users, double mean) {
    SimulatedArm arm = new SimulatedArm();
    for (int i = 0; i < users; i++) {
      double propensity = Math.min(1, exponential(rnd, mean));
      arm.add(bernoulli(rnd, propensity), bernoulli(rnd, propensity));
    }
    return arm.sums();
  }

  private static double bernoulli(SplittableRandom rnd, double p) {
    return rnd.nextDouble() < p ? 1 : 0;
  }

  /**
   * One user's orders and revenue before and after exposure: a purchase rate λ ~ Exp(mean 1.5) and
   * a basket size ~ Exp(mean 30) per user, both periods sharing them (so CUPED has a covariate).
   */
  private static SimulatedRatioArm orders(SplittableRandom rnd, int users) {
    SimulatedRatioArm arm = new SimulatedRatioArm();
    for (int i = 0; i < users; i++) {
      double lambda = exponential(rnd, 1.5);
      double basket = exponential(rnd, 30);
      int pre = poisson(rnd, lambda);
      int post = poisson(rnd, lambda);
      double revenuePre = 0;
      for (int k = 0; k < pre; k++) {
        revenuePre += exponential(rnd, basket);
      }
      double revenue = 0;
      for (int k = 0; k < post; k++) {
        revenue += exponential(rnd, basket);
      }
      arm.add(revenue, post, revenuePre, pre);
    }
    return arm;
  }

  @Test
  void cupedOrderValueHoldsItsFalsePositiveRate() {
    long seed = 103;
    SplittableRandom rnd = new SplittableRandom(seed);
    int relative = 0;
    int absolute = 0;
    int applied = 0;
    for (int s = 0; s < SIMULATIONS; s++) {
      LiftResult r =
          LiftAnalysis.compareRatio(orders(rnd, 1000).sums(), orders(rnd, 1000).sums(), SETTINGS);
      relative += r.relative().pValue() < ALPHA ? 1 : 0;
      absolute += r.absolute().pValue() < ALPHA ? 1 : 0;
      applied += r.cuped().applied() ? 1 : 0;
    }
    assertTrue(applied == SIMULATIONS, "CUPED applied in " + applied + seeded(seed));
    assertBand(
        seed,
        record("A/A FPR, order value (revenue/orders, CUPED, 1,000/arm), relative", relative),
        record("A/A FPR, order value (revenue/orders, CUPED), absolute", absolute));
  }

  /**
   * One arm's days to repeat purchase: exponential with mean 20 days, T = floor(x) + 1 whole days,
   * censored at the 30-day horizon when later (docs/statistics.md §12).
   */
  private static DailySurvival repeats(SplittableRandom rnd, int users, int horizon) {
    long[] events = new long[horizon + 1];
    long[] censored = new long[horizon + 1];
    for (int i = 0; i < users; i++) {
      long t = (long) Math.floor(exponential(rnd, 20)) + 1;
      if (t > horizon) {
        censored[horizon]++;
      } else {
        events[(int) t]++;
      }
    }
    return new DailySurvival(horizon, events, censored);
  }

  @Test
  void rmstDifferenceAndLogRankHoldTheirFalsePositiveRate() {
    long seed = 107;
    SplittableRandom rnd = new SplittableRandom(seed);
    int rmst = 0;
    int logRank = 0;
    for (int s = 0; s < SIMULATIONS; s++) {
      SurvivalResult r =
          SurvivalAnalysis.compare(repeats(rnd, 500, 30), repeats(rnd, 500, 30), SETTINGS);
      rmst += r.rmstDifference().pValue() < ALPHA ? 1 : 0;
      logRank += r.logRank().pValue() < ALPHA ? 1 : 0;
    }
    assertBand(
        seed,
        record("A/A FPR, RMST difference (exponential mean 20 d, τ = 30 d, 500/arm)", rmst),
        record("A/A FPR, log-rank (same data)", logRank));
  }

  @Test
  void responseBalanceFlagsAboutOneInAThousand() {
    // 200,000 A/A draws at a 20% response rate, 2,000 users per arm: the count of p < 0.001 is
    // about Binomial(200,000, 0.001), mean 200 and SD 14; the band [140, 260] is ±4.2 SD.
    long seed = 109;
    int simulations = 200_000;
    SplittableRandom rnd = new SplittableRandom(seed);
    int flagged = 0;
    for (int s = 0; s < simulations; s++) {
      int a = 0;
      int b = 0;
      for (int i = 0; i < 2000; i++) {
        a += rnd.nextDouble() < 0.2 ? 1 : 0;
        b += rnd.nextDouble() < 0.2 ? 1 : 0;
      }
      flagged += ResponseBalance.test(2000, a, 2000, b).balanced() ? 0 : 1;
    }
    double rate =
        record(
            "A/A rate of response-balance flags (p < 0.001, 2,000/arm, 20%)", flagged, simulations);
    assertTrue(
        flagged >= 140 && flagged <= 260,
        "flag rate " + rate + " (seed " + seed + ", " + simulations + " simulations)");
  }

  private static void assertBand(long seed, double... rates) {
    for (double rate : rates) {
      assertTrue(rate >= LOW && rate <= HIGH, "FPR " + rate + seeded(seed));
    }
  }

  private static String seeded(long seed) {
    return " (seed " + seed + ", " + SIMULATIONS + " simulations)";
  }

  private static double record(String what, int count) {
    return record(what, count, SIMULATIONS);
  }

  /** Prints and keeps one row of target/calibration-loyalty.md; returns the rate. */
  private static double record(String what, int count, int simulations) {
    double rate = (double) count / simulations;
    String row =
        String.format(Locale.ROOT, "| %s | %.4f | %d/%d |", what, rate, count, simulations);
    System.out.println("calibration " + row);
    synchronized (ROWS) {
      ROWS.add(row);
    }
    return rate;
  }

  @AfterAll
  static void writeReport() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Loyalty calibration (seeded A/A simulations)\n\n");
    md.append("| figure | rate | count |\n|---|---|---|\n");
    for (String row : ROWS) {
      md.append(row).append('\n');
    }
    Path out = Path.of("target", "calibration-loyalty.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
  }
}
