package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The ratio metric ΣM/ΣD (order value: revenue over orders, per user) and its delta-method variance
 * (docs/statistics.md §1), checked against figures computed apart from the engine: numpy on raw
 * per-user data, the per-user linearisation, and the spread of the ratio over simulated campaigns.
 * The published gbstats ratio cases run in {@link GbstatsCasesTest}.
 */
class RatioStatisticTest {

  /** The engine's statistic of per-user numerators m and denominators d. */
  private static RatioStatistic ratio(double[] m, double[] d) {
    double[] s = new double[5];
    for (int i = 0; i < m.length; i++) {
      s[0] += m[i];
      s[1] += m[i] * m[i];
      s[2] += d[i];
      s[3] += d[i] * d[i];
      s[4] += m[i] * d[i];
    }
    int n = m.length;
    return new RatioStatistic(new SampleMean(n, s[0], s[1]), new SampleMean(n, s[2], s[3]), s[4]);
  }

  @Test
  void deltaMethodVarianceMatchesNumpyOnPerUserData() {
    // Ten users' revenue and orders. Expected figures from numpy 2.4 on the same arrays:
    //   r = m.sum() / d.sum(); c = np.cov(np.vstack([m, d]))   # ddof = 1
    //   v = c[0,0]/d.mean()**2 + c[1,1]*m.mean()**2/d.mean()**4 - 2*c[0,1]*m.mean()/d.mean()**3
    double[] m = {0, 25.5, 40, 12.25, 0, 99.9, 18, 60, 7.5, 33.0};
    double[] d = {0, 1, 2, 1, 0, 3, 1, 2, 1, 1};
    RatioStatistic r = ratio(m, d);
    assertEquals(24.679166666666664, r.mean(), 1e-12);
    assertEquals(110.63438518089845, r.variance(), 1e-9);
  }

  @Test
  void emptyDenominatorGivesZeroRatherThanNaN() {
    RatioStatistic r = ratio(new double[] {0, 0, 0}, new double[] {0, 0, 0});
    assertEquals(0.0, r.mean());
    assertEquals(0.0, r.variance());
  }

  /**
   * Revenue m and orders d of {@code n} users: 0 to 3 orders each, every order an exponential value
   * of mean 30.
   */
  private static double[][] users(SplittableRandom rnd, int n) {
    double[] m = new double[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = rnd.nextInt(4);
      for (int k = 0; k < d[i]; k++) {
        m[i] += -30 * Math.log(1 - rnd.nextDouble());
      }
    }
    return new double[][] {m, d};
  }

  @TestFactory
  Stream<DynamicTest> deltaMethodVarianceIsTheVarianceOfTheLinearisedValues() {
    // The delta-method variance is the sample variance of z = (m − R·d)/d̄ per user, computed here
    // straight from the raw values instead of from the sums.
    return SeededCases.check(
        7,
        50,
        rnd -> {
          int n = 2 + rnd.nextInt(500);
          double[][] u = users(rnd, n);
          double[] m = u[0];
          double[] d = u[1];
          RatioStatistic r = ratio(m, d);
          double dBar = 0;
          for (double x : d) {
            dBar += x / n;
          }
          if (dBar == 0) {
            assertEquals(0.0, r.variance(), "no orders at all");
            return;
          }
          double squares = 0;
          for (int i = 0; i < n; i++) {
            double z = (m[i] - r.mean() * d[i]) / dBar;
            squares += z * z; // z has mean exactly 0 at R = Σm/Σd
          }
          double expected = squares / (n - 1);
          assertEquals(expected, r.variance(), 1e-9 * Math.max(1, expected), "n = " + n);
        });
  }

  @Test
  void deltaMethodStandardErrorMatchesTheSpreadOverSimulatedCampaigns() {
    long seed = 41;
    SplittableRandom rnd = new SplittableRandom(seed);
    int campaigns = 2000;
    int users = 1000;
    double sumR = 0;
    double sumR2 = 0;
    double sumModelVar = 0;
    for (int c = 0; c < campaigns; c++) {
      double[][] u = users(rnd, users);
      RatioStatistic r = ratio(u[0], u[1]);
      sumR += r.mean();
      sumR2 += r.mean() * r.mean();
      sumModelVar += r.variance() / users;
    }
    double empirical = (sumR2 - sumR * sumR / campaigns) / (campaigns - 1);
    double model = sumModelVar / campaigns;
    // The sample variance of 2,000 ratios is itself within about ±3% (one SD) of the truth.
    assertEquals(
        1.0,
        empirical / model,
        0.1,
        "variance of R over campaigns vs delta method (seed "
            + seed
            + "): "
            + empirical
            + " vs "
            + model);
  }
}
