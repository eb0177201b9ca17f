package campaignlift.stats;

import static campaignlift.stats.Scale.RELATIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Facade behaviour checked against theory and the published examples of docs/statistics.md. */
class LiftAnalysisTest {

  @Test
  void srmVariantsDisagreeOnZeroWeightArmsAsDocumented() {
    // docs/statistics.md §6: [1000, 1200, 900] with weights [.5, .5, 0] gives 2.0e-5 (backend) vs
    // 2.9e-60.
    double[] users = {1000, 1200, 900};
    double[] weights = {0.5, 0.5, 0};
    assertEquals(2.0e-5, Srm.pValue(users, weights, Srm.Variant.BACKEND), 0.05e-5);
    assertEquals(2.9e-60, Srm.pValue(users, weights, Srm.Variant.GBSTATS), 0.05e-60);
    assertEquals(1.0, Srm.pValue(new double[] {10}, new double[] {1}, Srm.Variant.GBSTATS));
  }

  @Test
  void degenerateGroupsGiveDefaultOutputWithReasons() {
    GroupSums empty = GroupSums.of(0, 0, 0);
    LiftResult r =
        LiftAnalysis.compare(MetricType.PROPORTION, empty, empty, AnalysisSettings.DEFAULTS);
    for (TestResult t :
        new TestResult[] {r.absolute(), r.relative(), r.sequentialAbsolute(), r.sequential()}) {
      assertEquals(Reason.ZERO_NEGATIVE_VARIANCE, t.reason());
      assertEquals(0.0, t.estimate());
      assertEquals(1.0, t.pValue());
    }
    assertEquals(0.5, r.chanceToWin());
    assertEquals(Reason.ZERO_NEGATIVE_VARIANCE, r.mde().reason());

    GroupSums zeroMean = GroupSums.of(100, 0, 50);
    GroupSums some = GroupSums.of(100, 10, 60);
    LiftResult z = LiftAnalysis.compare(MetricType.MEAN, zeroMean, some, AnalysisSettings.DEFAULTS);
    assertEquals(Reason.BASELINE_VARIATION_ZERO, z.absolute().reason());
  }

  @Test
  void cupedVarianceReductionMatchesSquaredCorrelation() {
    // With y = x + e, corr(x, y)² = 1/(1 + σe²/σx²) = 0.64 for σx = 4, σe = 3: CUPED should
    // remove about 64% of the variance (Deng et al. 2013).
    SplittableRandom rnd = new SplittableRandom(5);
    SimulatedArm[] arms = {new SimulatedArm(), new SimulatedArm()};
    for (int g = 0; g < 2; g++) {
      for (int i = 0; i < 20_000; i++) {
        double x = 10 + 4 * rnd.nextGaussian();
        arms[g].add(x + 3 * rnd.nextGaussian() + g * 0.1, x);
      }
    }
    GroupSums c = arms[0].sums();
    GroupSums t = arms[1].sums();
    LiftResult on = LiftAnalysis.compare(MetricType.MEAN, c, t, AnalysisSettings.DEFAULTS);
    LiftResult off =
        LiftAnalysis.compare(MetricType.MEAN, c, t, AnalysisSettings.DEFAULTS.withCuped(false));
    assertTrue(on.cuped().applied());
    assertEquals(1.0, on.cuped().theta(), 0.02);
    assertEquals(0.64, on.cuped().varianceReduction(), 0.02);
    assertFalse(off.cuped().applied());
    assertTrue(on.absolute().se() < off.absolute().se());
    assertEquals(off.control(), on.control(), "reported moments stay unadjusted");
  }

  @Test
  void minimumDetectableEffectHasEightyPercentPower() {
    // Simulate at the true lift = MDE computed from the planned design; power should be ~0.8.
    // Normal per-user values so that the variance does not change with the lift (for proportions
    // the MDE, computed from the observed variances, is slightly optimistic: see docs/statistics.md
    // §9).
    SplittableRandom rnd = new SplittableRandom(99);
    int n = 1000;
    double mean = 10;
    double sd = 5;
    GroupSums design = GroupSums.of(n, n * mean, (n - 1) * sd * sd + n * mean * mean);
    LiftResult planned =
        LiftAnalysis.compare(MetricType.MEAN, design, design, AnalysisSettings.DEFAULTS);
    double mde = planned.mde().absolute();
    assertEquals(mde / mean, planned.mde().relative(), 1e-12);
    int sims = 1000;
    int rejected = 0;
    for (int s = 0; s < sims; s++) {
      SimulatedArm c = new SimulatedArm();
      SimulatedArm t = new SimulatedArm();
      SimulatedArm.fill(
          c,
          t,
          n,
          () -> mean + sd * rnd.nextGaussian(),
          () -> mean + mde + sd * rnd.nextGaussian());
      LiftResult r =
          LiftAnalysis.compare(MetricType.MEAN, c.sums(), t.sums(), AnalysisSettings.DEFAULTS);
      rejected += r.absolute().pValue() < 0.05 ? 1 : 0;
    }
    double power = (double) rejected / sims;
    System.out.println("calibration | power at the MDE (normal, 1000/arm) | " + power);
    assertEquals(0.8, power, 0.04);
  }

  @Test
  void oneSidedSequentialBisectionStaysCloseToTheExactRoot() {
    // docs/statistics.md §5: gbstats' bisection returns the bracket midpoint, up to ~1e-4 off the
    // root.
    for (double est : new double[] {-0.05, -0.1, -0.2}) {
      double se = 0.05;
      long n = 4000;
      double rho = SequentialTTest.rho(0.05, 5000, false);
      double s2 = se * se * n;
      double bis = OneSidedSequentialPValue.bisection(est, s2, n, rho, true);
      double exact = OneSidedSequentialPValue.exact(est, s2, n, rho, true);
      assertEquals(exact, bis, 5e-4, "est " + est);
    }
  }

  @Test
  void reportedChanceToWinIsTheBayesianSummarysWithoutItsRisk() {
    // LiftAnalysis computes only the chance to win; it must equal the full summary's, whose figures
    // are checked against gbstats in GbstatsCasesTest.
    GroupSums c = GroupSums.of(3407, 1396.87, 52377.9767);
    GroupSums t = GroupSums.of(3461, 2422.7, 134698.29);
    LiftResult lift = LiftAnalysis.compare(MetricType.MEAN, c, t, AnalysisSettings.DEFAULTS);
    Effect rel =
        EffectMoments.compute(c.statistic(MetricType.MEAN), t.statistic(MetricType.MEAN), RELATIVE);
    assertEquals(
        BayesianTest.evaluate(rel, Prior.FLAT, 0.05, false).chanceToWin(), lift.chanceToWin());
    Prior proper = new Prior(0.1, 0.09, true);
    for (boolean inverse : new boolean[] {false, true}) {
      for (Prior prior : new Prior[] {Prior.FLAT, proper}) {
        assertEquals(
            BayesianTest.evaluate(rel, prior, 0.05, inverse).chanceToWin(),
            BayesianTest.chanceToWin(rel, prior, inverse),
            inverse + " " + prior);
      }
    }
    Effect none = EffectMoments.compute(new Proportion(0, 0), new Proportion(0, 0), RELATIVE);
    assertEquals(0.5, BayesianTest.chanceToWin(none, Prior.FLAT, false), "gbstats default output");
  }

  @Test
  void correctionsHandleEdgeCases() {
    assertEquals(0, PValueCorrection.holm(new double[0]).length);
    assertEquals(0.3, PValueCorrection.benjaminiHochberg(new double[] {0.3})[0], 0.0);
    Interval all = PValueCorrection.adjustedCi(1.0, 0.1, 0.05);
    assertEquals(Double.NEGATIVE_INFINITY, all.lower());
    assertEquals(Double.POSITIVE_INFINITY, all.upper());
  }
}
