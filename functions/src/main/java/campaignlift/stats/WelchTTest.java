package campaignlift.stats;

/**
 * Fixed-horizon Welch t-test (gbstats TwoSidedTTest / OneSidedTreatment{Greater,Lesser}TTest,
 * docs/statistics.md §3).
 *
 * <p>t = Δ/SE with the Welch df of the absolute scale, also for the relative lift
 * (docs/statistics.md §10.4). The relative CI is the symmetric Wald interval Δ_r ± t·SE_r. The
 * two-sided p-value is 2(1 − F_t(|t|)), which underflows to 0 for |t| ≳ 8 (docs/statistics.md
 * §10.5).
 */
final class WelchTTest {
  private WelchTTest() {}

  /**
   * Tests the effect against 0.
   *
   * @param alpha significance level in (0, 1)
   * @throws IllegalArgumentException if alpha is outside (0, 1)
   */
  static TestResult test(Effect effect, Alternative alternative, double alpha) {
    Checks.alpha(alpha);
    double df = effect.df();
    if (effect.isDegenerate()) {
      return TestResult.defaultOutput(effect.reason(), df);
    }
    double est = effect.estimate();
    double se = effect.se();
    double t = se == 0 ? 0 : est / se;
    return switch (alternative) {
      case GREATER -> {
        double hw = Distributions.tQuantile(1 - alpha, df) * se;
        double p = 1 - Distributions.tCdf(t, df);
        yield new TestResult(est, se, est - hw, Double.POSITIVE_INFINITY, p, df, Reason.NONE);
      }
      case LESS -> {
        double hw = Distributions.tQuantile(1 - alpha, df) * se;
        double p = Distributions.tCdf(t, df);
        yield new TestResult(est, se, Double.NEGATIVE_INFINITY, est + hw, p, df, Reason.NONE);
      }
      case TWO_SIDED -> {
        double hw = Distributions.tQuantile(1 - alpha / 2, df) * se;
        double p = 2 * (1 - Distributions.tCdf(Math.abs(t), df));
        yield new TestResult(est, se, est - hw, est + hw, p, df, Reason.NONE);
      }
    };
  }
}
