package campaignlift.stats;

/**
 * Always-valid asymptotic confidence sequences (Waudby-Smith et al., arXiv:2103.06476v7), as in
 * gbstats SequentialTwoSidedTTest / SequentialOneSidedTreatment{Greater,Lesser}TTest
 * (docs/statistics.md §5).
 *
 * <p>N = n_C + n_T and σ̂² = SE²·N (docs/statistics.md §10.8: normal, not t, critical values). ρ is
 * set from the tuning parameter N* (the total sample size at which the interval is tightest) and α.
 */
public final class SequentialTTest {
  /** gbstats / GrowthBook default tuning parameter N*. */
  public static final double DEFAULT_TUNING = 5000;

  static final double MIN_ONE_SIDED_P = 1e-5;
  static final double MAX_ONE_SIDED_P = 0.4999;

  private SequentialTTest() {}

  /**
   * ρ = sqrt((−2 ln a + ln(−2 ln a + 1))/N*) with a = α (two-sided, eq. 161) or 2α (one-sided, eq.
   * 134).
   */
  static double rho(double alpha, double tuning, boolean twoSided) {
    double a = twoSided ? alpha : 2 * alpha;
    return Math.sqrt((-2 * Math.log(a) + Math.log(-2 * Math.log(a) + 1)) / tuning);
  }

  /**
   * Tests the effect against 0 with a confidence sequence.
   *
   * @param alpha in (0, 1); one-sided tests need alpha &lt; 0.5 (else default output)
   * @param tuning N* &gt; 0, e.g. {@link #DEFAULT_TUNING}
   * @throws IllegalArgumentException if alpha or tuning is out of range
   */
  static TestResult test(Effect effect, Alternative alternative, double alpha, double tuning) {
    Checks.alpha(alpha);
    if (!(tuning > 0) || Double.isInfinite(tuning)) {
      throw new IllegalArgumentException("tuning must be positive and finite, got " + tuning);
    }
    double df = Double.POSITIVE_INFINITY;
    if (effect.isDegenerate()) {
      return TestResult.defaultOutput(effect.reason(), df);
    }
    if (alternative != Alternative.TWO_SIDED && alpha >= 0.5) {
      return TestResult.defaultOutput(Reason.ALPHA_TOO_LARGE_FOR_ONE_SIDED_SEQUENTIAL, df);
    }
    double est = effect.estimate();
    double se = effect.se();
    long n = effect.pairwiseN();
    double s2 = se * se * n;
    if (alternative == Alternative.TWO_SIDED) {
      double rho = rho(alpha, tuning, true);
      double hw = twoSidedHalfwidth(s2, n, alpha, rho);
      return new TestResult(
          est, se, est - hw, est + hw, twoSidedPValue(est, se, n, rho), df, Reason.NONE);
    }
    double rho = rho(alpha, tuning, false);
    double hw = oneSidedHalfwidth(s2, n, alpha, rho);
    boolean lesser = alternative == Alternative.LESS;
    double p = OneSidedSequentialPValue.bisection(est, s2, n, rho, lesser);
    if (Double.isNaN(p)) {
      p = OneSidedSequentialPValue.exact(est, s2, n, rho, lesser);
    }
    return lesser
        ? new TestResult(est, se, Double.NEGATIVE_INFINITY, est + hw, p, df, Reason.NONE)
        : new TestResult(est, se, est - hw, Double.POSITIVE_INFINITY, p, df, Reason.NONE);
  }

  /** Two-sided half-width σ̂·sqrt(2(Nρ²+1)/(N²ρ²)·ln(sqrt(Nρ²+1)/α)) (eq. 9). */
  static double twoSidedHalfwidth(double s2, long n, double alpha, double rho) {
    double v = n * rho * rho + 1;
    return Math.sqrt(s2) * Math.sqrt(2 * v * Math.log(Math.sqrt(v) / alpha) / Math.pow(n * rho, 2));
  }

  /** One-sided half-width σ̂·sqrt(2(Nρ²+1)/(N²ρ²)·ln(1 + sqrt(Nρ²+1)/(2α))) (eq. 134). */
  static double oneSidedHalfwidth(double s2, long n, double alpha, double rho) {
    double v = n * rho * rho + 1;
    return Math.sqrt(
        s2 * (2 * v / Math.pow(n * rho, 2)) * Math.log(1 + Math.sqrt(v) / (2 * alpha)));
  }

  /**
   * p = min(1, sqrt(Nρ²+1)·exp(−ρ²Nz²/(2(Nρ²+1)))), z = Δ/SE: the reciprocal of the e-value of eq.
   * 155, so p &lt; α exactly when the two-sided sequence excludes 0.
   */
  static double twoSidedPValue(double est, double se, long n, double rho) {
    double st2 = est * est * n / (se * se);
    double v = n * rho * rho + 1;
    return Math.min(1, Math.sqrt(v) * Math.exp(-rho * rho * st2 / (2 * v)));
  }
}
