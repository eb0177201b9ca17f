package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the engine over random sufficient statistics (fixed seeds, reproducible). */
class EnginePropertiesTest {
  private static final String SEED = "20240611";

  /** Sufficient statistics of a mean metric built from n, a mean and a standard deviation. */
  @Provide
  Arbitrary<GroupSums> meanGroup() {
    return Combinators.combine(
            Arbitraries.longs().between(2, 20_000),
            Arbitraries.doubles().between(-50, 200),
            Arbitraries.doubles().between(0.01, 100))
        .as((n, m, s) -> GroupSums.of(n, n * m, (n - 1) * s * s + n * m * m));
  }

  @Provide
  Arbitrary<GroupSums> proportionGroup() {
    return Arbitraries.longs()
        .between(2, 20_000)
        .flatMap(n -> Arbitraries.longs().between(0, n).map(k -> GroupSums.of(n, k, k)));
  }

  @Provide
  Arbitrary<GroupSums> bigMeanGroup() {
    return Combinators.combine(
            Arbitraries.longs().between(30, 20_000),
            Arbitraries.doubles().between(-50, 200),
            Arbitraries.doubles().between(0.01, 100))
        .as((n, m, s) -> GroupSums.of(n, n * m, (n - 1) * s * s + n * m * m));
  }

  @Provide
  Arbitrary<Double> alpha() {
    return Arbitraries.of(0.01, 0.05, 0.1, 0.2);
  }

  @Provide
  Arbitrary<Alternative> alternative() {
    return Arbitraries.of(Alternative.values());
  }

  private static LiftResult analyse(
      MetricType type, GroupSums c, GroupSums t, double alpha, Alternative alt) {
    return LiftAnalysis.compare(type, c, t, new AnalysisSettings(alpha, false, 5000, false, alt));
  }

  private static TestResult[] all(LiftResult r) {
    return new TestResult[] {r.absolute(), r.relative(), r.sequentialAbsolute(), r.sequential()};
  }

  @Property(tries = 400, seed = SEED)
  void ciContainsEstimateAndPInUnitInterval(
      @ForAll("meanGroup") GroupSums c,
      @ForAll("meanGroup") GroupSums t,
      @ForAll("alpha") double alpha,
      @ForAll("alternative") Alternative alt) {
    for (TestResult r : all(analyse(MetricType.MEAN, c, t, alpha, alt))) {
      assertTrue(r.ciLower() <= r.estimate() && r.estimate() <= r.ciUpper(), r.toString());
      assertTrue(r.pValue() >= 0 && r.pValue() <= 1, r.toString());
      assertTrue(!Double.isNaN(r.se()) && !Double.isNaN(r.df()), r.toString());
    }
  }

  @Property(tries = 400, seed = SEED)
  void proportionsNeverGiveNaN(
      @ForAll("proportionGroup") GroupSums c,
      @ForAll("proportionGroup") GroupSums t,
      @ForAll("alpha") double alpha,
      @ForAll("alternative") Alternative alt) {
    LiftResult lift = analyse(MetricType.PROPORTION, c, t, alpha, alt);
    for (TestResult r : all(lift)) {
      assertTrue(r.ciLower() <= r.estimate() && r.estimate() <= r.ciUpper(), r.toString());
      assertTrue(r.pValue() >= 0 && r.pValue() <= 1, r.toString());
      if (r.isDegenerate()) {
        assertEquals(new TestResult(0, 0, 0, 0, 1, r.df(), r.reason()), r);
      }
    }
    assertTrue(lift.chanceToWin() >= 0 && lift.chanceToWin() <= 1);
    assertTrue(Double.isFinite(lift.mde().absolute()) && Double.isFinite(lift.mde().relative()));
  }

  @Property(tries = 400, seed = SEED)
  void pBelowAlphaExactlyWhenIntervalExcludesZero(
      @ForAll("meanGroup") GroupSums c,
      @ForAll("meanGroup") GroupSums t,
      @ForAll("alpha") double alpha) {
    LiftResult twoSided = analyse(MetricType.MEAN, c, t, alpha, Alternative.TWO_SIDED);
    for (TestResult r : all(twoSided)) {
      assertEquals(r.excludesZero(), r.pValue() < alpha, r.toString());
    }
    for (Alternative alt : new Alternative[] {Alternative.GREATER, Alternative.LESS}) {
      LiftResult oneSided = analyse(MetricType.MEAN, c, t, alpha, alt);
      for (TestResult r : new TestResult[] {oneSided.absolute(), oneSided.relative()}) {
        assertEquals(r.excludesZero(), r.pValue() < alpha, alt + " " + r);
      }
    }
  }

  @Property(tries = 400, seed = SEED)
  void swappingArmsNegatesAbsoluteEstimateAndKeepsP(
      @ForAll("meanGroup") GroupSums c, @ForAll("meanGroup") GroupSums t) {
    LiftResult ab = analyse(MetricType.MEAN, c, t, 0.05, Alternative.TWO_SIDED);
    LiftResult ba = analyse(MetricType.MEAN, t, c, 0.05, Alternative.TWO_SIDED);
    // gbstats convention (STATS §10.10): a zero control mean is degenerate even for absolute
    // effects, so the property is only defined when neither orientation is degenerate.
    Assume.that(!ab.absolute().isDegenerate() && !ba.absolute().isDegenerate());
    for (TestResult[] pair :
        new TestResult[][] {
          {ab.absolute(), ba.absolute()}, {ab.sequentialAbsolute(), ba.sequentialAbsolute()}
        }) {
      double scale = Math.max(1e-300, Math.abs(pair[0].estimate()));
      assertEquals(-pair[0].estimate(), pair[1].estimate(), 1e-9 * scale);
      assertEquals(pair[0].se(), pair[1].se(), 1e-9 * pair[0].se());
      assertEquals(pair[0].pValue(), pair[1].pValue(), 1e-9);
    }
  }

  @Property(tries = 400, seed = SEED)
  void sequentialNeverNarrowerThanFixedWithThirtyUsers(
      @ForAll("bigMeanGroup") GroupSums c,
      @ForAll("bigMeanGroup") GroupSums t,
      @ForAll("alpha") double alpha) {
    LiftResult r = analyse(MetricType.MEAN, c, t, alpha, Alternative.TWO_SIDED);
    assertTrue(width(r.sequential()) >= width(r.relative()), r.toString());
    assertTrue(width(r.sequentialAbsolute()) >= width(r.absolute()), r.toString());
  }

  private static double width(TestResult r) {
    return r.ciUpper() - r.ciLower();
  }
}
