package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the engine over random sufficient statistics: {@link #TRIES} generated cases per
 * property from a fixed seed, so every run checks the same cases and a failure names its case.
 */
class EnginePropertiesTest {
  private static final long SEED = 20240611L;
  private static final int TRIES = 400;
  private static final double[] ALPHAS = {0.01, 0.05, 0.1, 0.2};

  /** Sufficient statistics of a mean metric built from n, a mean and a standard deviation. */
  private static GroupSums meanGroup(SplittableRandom r, long minN) {
    long n = r.nextLong(minN, 20_001);
    double m = r.nextDouble(-50, 200);
    double s = r.nextDouble(0.01, 100);
    return GroupSums.of(n, n * m, (n - 1) * s * s + n * m * m);
  }

  private static GroupSums proportionGroup(SplittableRandom r) {
    long n = r.nextLong(2, 20_001);
    long k = r.nextLong(0, n + 1);
    return GroupSums.of(n, k, k);
  }

  private static double alpha(SplittableRandom r) {
    return ALPHAS[r.nextInt(ALPHAS.length)];
  }

  private static Alternative alternative(SplittableRandom r) {
    Alternative[] all = Alternative.values();
    return all[r.nextInt(all.length)];
  }

  private static LiftResult analyse(
      MetricType type, GroupSums c, GroupSums t, double alpha, Alternative alt) {
    return LiftAnalysis.compare(type, c, t, new AnalysisSettings(alpha, false, 5000, false, alt));
  }

  private static TestResult[] all(LiftResult r) {
    return new TestResult[] {r.absolute(), r.relative(), r.sequentialAbsolute(), r.sequential()};
  }

  @Test
  void ciContainsEstimateAndPInUnitInterval() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < TRIES; i++) {
      GroupSums c = meanGroup(random, 2);
      GroupSums t = meanGroup(random, 2);
      double alpha = alpha(random);
      Alternative alt = alternative(random);
      for (TestResult r : all(analyse(MetricType.MEAN, c, t, alpha, alt))) {
        String at = "case " + i + ": " + r;
        assertTrue(r.ciLower() <= r.estimate() && r.estimate() <= r.ciUpper(), at);
        assertTrue(r.pValue() >= 0 && r.pValue() <= 1, at);
        assertTrue(!Double.isNaN(r.se()) && !Double.isNaN(r.df()), at);
      }
    }
  }

  @Test
  void proportionsNeverGiveNaN() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (int i = 0; i < TRIES; i++) {
      GroupSums c = proportionGroup(random);
      GroupSums t = proportionGroup(random);
      LiftResult lift = analyse(MetricType.PROPORTION, c, t, alpha(random), alternative(random));
      for (TestResult r : all(lift)) {
        String at = "case " + i + ": " + r;
        assertTrue(r.ciLower() <= r.estimate() && r.estimate() <= r.ciUpper(), at);
        assertTrue(r.pValue() >= 0 && r.pValue() <= 1, at);
        if (r.isDegenerate()) {
          assertEquals(new TestResult(0, 0, 0, 0, 1, r.df(), r.reason()), r, at);
        }
      }
      assertTrue(lift.chanceToWin() >= 0 && lift.chanceToWin() <= 1, "case " + i);
      assertTrue(
          Double.isFinite(lift.mde().absolute()) && Double.isFinite(lift.mde().relative()),
          "case " + i);
    }
  }

  @Test
  void pBelowAlphaExactlyWhenIntervalExcludesZero() {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    for (int i = 0; i < TRIES; i++) {
      GroupSums c = meanGroup(random, 2);
      GroupSums t = meanGroup(random, 2);
      double alpha = alpha(random);
      LiftResult twoSided = analyse(MetricType.MEAN, c, t, alpha, Alternative.TWO_SIDED);
      for (TestResult r : all(twoSided)) {
        assertEquals(r.excludesZero(), r.pValue() < alpha, "case " + i + ": " + r);
      }
      for (Alternative alt : new Alternative[] {Alternative.GREATER, Alternative.LESS}) {
        LiftResult oneSided = analyse(MetricType.MEAN, c, t, alpha, alt);
        for (TestResult r : new TestResult[] {oneSided.absolute(), oneSided.relative()}) {
          assertEquals(r.excludesZero(), r.pValue() < alpha, "case " + i + ": " + alt + " " + r);
        }
      }
    }
  }

  @Test
  void swappingArmsNegatesAbsoluteEstimateAndKeepsP() {
    SplittableRandom random = new SplittableRandom(SEED + 3);
    int checked = 0;
    for (int i = 0; i < TRIES; i++) {
      GroupSums c = meanGroup(random, 2);
      GroupSums t = meanGroup(random, 2);
      LiftResult ab = analyse(MetricType.MEAN, c, t, 0.05, Alternative.TWO_SIDED);
      LiftResult ba = analyse(MetricType.MEAN, t, c, 0.05, Alternative.TWO_SIDED);
      // gbstats convention (docs/statistics.md §10.10): a zero control mean is degenerate even for
      // absolute
      // effects, so the property is only defined when neither orientation is degenerate.
      if (ab.absolute().isDegenerate() || ba.absolute().isDegenerate()) {
        continue;
      }
      checked++;
      for (TestResult[] pair :
          new TestResult[][] {
            {ab.absolute(), ba.absolute()}, {ab.sequentialAbsolute(), ba.sequentialAbsolute()}
          }) {
        double scale = Math.max(1e-300, Math.abs(pair[0].estimate()));
        assertEquals(-pair[0].estimate(), pair[1].estimate(), 1e-9 * scale, "case " + i);
        assertEquals(pair[0].se(), pair[1].se(), 1e-9 * pair[0].se(), "case " + i);
        assertEquals(pair[0].pValue(), pair[1].pValue(), 1e-9, "case " + i);
      }
    }
    assertTrue(checked > TRIES / 2, "most generated cases are not degenerate: " + checked);
  }

  @Test
  void sequentialNeverNarrowerThanFixedWithThirtyUsers() {
    SplittableRandom random = new SplittableRandom(SEED + 4);
    for (int i = 0; i < TRIES; i++) {
      GroupSums c = meanGroup(random, 30);
      GroupSums t = meanGroup(random, 30);
      LiftResult r = analyse(MetricType.MEAN, c, t, alpha(random), Alternative.TWO_SIDED);
      assertTrue(width(r.sequential()) >= width(r.relative()), "case " + i + ": " + r);
      assertTrue(width(r.sequentialAbsolute()) >= width(r.absolute()), "case " + i + ": " + r);
    }
  }

  private static double width(TestResult r) {
    return r.ciUpper() - r.ciLower();
  }
}
