package campaignlift.stats;

import static campaignlift.stats.Alternative.TWO_SIDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties of the engine over random sufficient statistics: {@link #TRIES} generated cases per
 * property, each from its own seed (see {@link SeededCases}), so every run checks the same cases
 * and a failure names the seed that replays it.
 */
class EnginePropertiesTest {
  private static final long SEED = 20240611L;
  private static final int TRIES = 400;
  private static final double[] ALPHAS = {0.01, 0.05, 0.1, 0.2};

  /** Control and treatment sums of one generated case. */
  private record Arms(GroupSums control, GroupSums treatment) {
    /** Two mean-metric groups of at least {@code minN} users each. */
    static Arms means(SplittableRandom r, long minN) {
      return new Arms(meanGroup(r, minN), meanGroup(r, minN));
    }

    LiftResult analyse(MetricType type, double alpha, Alternative alt) {
      return EnginePropertiesTest.analyse(type, control, treatment, alpha, alt);
    }
  }

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

  /** The interval holds its estimate and p is in [0, 1], for every test and alternative. */
  private static void assertWellFormed(TestResult r) {
    assertTrue(r.ciLower() <= r.estimate() && r.estimate() <= r.ciUpper(), r.toString());
    assertTrue(r.pValue() >= 0 && r.pValue() <= 1, r.toString());
  }

  @TestFactory
  Stream<DynamicTest> ciContainsEstimateAndPInUnitInterval() {
    return SeededCases.check(SEED, TRIES, EnginePropertiesTest::meanCaseIsWellFormed);
  }

  private static void meanCaseIsWellFormed(SplittableRandom random) {
    Arms arms = Arms.means(random, 2);
    LiftResult lift = arms.analyse(MetricType.MEAN, alpha(random), alternative(random));
    for (TestResult r : all(lift)) {
      assertWellFormed(r);
      assertTrue(!Double.isNaN(r.se()) && !Double.isNaN(r.df()), r.toString());
    }
  }

  @TestFactory
  Stream<DynamicTest> proportionsNeverGiveNaN() {
    return SeededCases.check(SEED + 1, TRIES, EnginePropertiesTest::proportionCaseIsWellFormed);
  }

  private static void proportionCaseIsWellFormed(SplittableRandom random) {
    GroupSums c = proportionGroup(random);
    GroupSums t = proportionGroup(random);
    LiftResult lift = analyse(MetricType.PROPORTION, c, t, alpha(random), alternative(random));
    for (TestResult r : all(lift)) {
      assertWellFormed(r);
      if (r.isDegenerate()) {
        assertEquals(new TestResult(0, 0, 0, 0, 1, r.df(), r.reason()), r);
      }
    }
    assertTrue(lift.chanceToWin() >= 0 && lift.chanceToWin() <= 1, "chance to win");
    assertTrue(
        Double.isFinite(lift.mde().absolute()) && Double.isFinite(lift.mde().relative()),
        "mde " + lift.mde());
  }

  @TestFactory
  Stream<DynamicTest> pBelowAlphaExactlyWhenIntervalExcludesZero() {
    return SeededCases.check(SEED + 2, TRIES, EnginePropertiesTest::pAndIntervalAgree);
  }

  private static void pAndIntervalAgree(SplittableRandom random) {
    Arms arms = Arms.means(random, 2);
    double alpha = alpha(random);
    for (TestResult r : all(arms.analyse(MetricType.MEAN, alpha, TWO_SIDED))) {
      assertEquals(r.excludesZero(), r.pValue() < alpha, r.toString());
    }
    for (Alternative alt : new Alternative[] {Alternative.GREATER, Alternative.LESS}) {
      LiftResult oneSided = arms.analyse(MetricType.MEAN, alpha, alt);
      for (TestResult r : new TestResult[] {oneSided.absolute(), oneSided.relative()}) {
        assertEquals(r.excludesZero(), r.pValue() < alpha, alt + " " + r);
      }
    }
  }

  /**
   * Both orientations of a case analysed two-sided at α = 0.05, or null when either is degenerate:
   * a zero control mean is degenerate even for absolute effects (gbstats convention,
   * docs/statistics.md §10.10), so the swap property is only defined without degeneracy.
   */
  private static LiftResult[] bothOrientations(SplittableRandom random) {
    Arms arms = Arms.means(random, 2);
    LiftResult ab = analyse(MetricType.MEAN, arms.control(), arms.treatment(), 0.05, TWO_SIDED);
    LiftResult ba = analyse(MetricType.MEAN, arms.treatment(), arms.control(), 0.05, TWO_SIDED);
    if (ab.absolute().isDegenerate() || ba.absolute().isDegenerate()) {
      return null;
    }
    return new LiftResult[] {ab, ba};
  }

  @TestFactory
  Stream<DynamicTest> swappingArmsNegatesAbsoluteEstimateAndKeepsP() {
    return SeededCases.check(SEED + 3, TRIES, EnginePropertiesTest::swapNegatesEstimate);
  }

  private static void swapNegatesEstimate(SplittableRandom random) {
    LiftResult[] both = bothOrientations(random);
    if (both == null) {
      return;
    }
    LiftResult ab = both[0];
    LiftResult ba = both[1];
    for (TestResult[] pair :
        new TestResult[][] {
          {ab.absolute(), ba.absolute()}, {ab.sequentialAbsolute(), ba.sequentialAbsolute()}
        }) {
      double scale = Math.max(1e-300, Math.abs(pair[0].estimate()));
      assertEquals(-pair[0].estimate(), pair[1].estimate(), 1e-9 * scale, "estimate");
      assertEquals(pair[0].se(), pair[1].se(), 1e-9 * pair[0].se(), "se");
      assertEquals(pair[0].pValue(), pair[1].pValue(), 1e-9, "p");
    }
  }

  /** The swap property is not vacuous: most of its generated cases are checked. */
  @Test
  void swapPropertyChecksMostOfItsCases() {
    long[] seeds = SeededCases.seeds(SEED + 3, TRIES);
    int checked = 0;
    for (long seed : seeds) {
      checked += bothOrientations(new SplittableRandom(seed)) == null ? 0 : 1;
    }
    assertTrue(checked > seeds.length / 2, "non-degenerate cases: " + checked + "/" + seeds.length);
  }

  @TestFactory
  Stream<DynamicTest> sequentialNeverNarrowerThanFixedWithThirtyUsers() {
    return SeededCases.check(SEED + 4, TRIES, EnginePropertiesTest::sequentialIsWider);
  }

  private static void sequentialIsWider(SplittableRandom random) {
    LiftResult r = Arms.means(random, 30).analyse(MetricType.MEAN, alpha(random), TWO_SIDED);
    assertTrue(width(r.sequential()) >= width(r.relative()), r.toString());
    assertTrue(width(r.sequentialAbsolute()) >= width(r.absolute()), r.toString());
  }

  private static double width(TestResult r) {
    return r.ciUpper() - r.ciLower();
  }
}
