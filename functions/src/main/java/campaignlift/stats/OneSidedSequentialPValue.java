package campaignlift.stats;

/**
 * p-value of the one-sided confidence sequence: the α at which the bound touches 0, with ρ held at
 * its configured value, clipped to [1e-5, 0.4999] (docs/statistics.md §5, §10.9).
 */
final class OneSidedSequentialPValue {
  private OneSidedSequentialPValue() {}

  /**
   * Reproduces gbstats' bisection (tolerance 1e-6 on the bound, at most 100 iterations) including
   * its artefact: it returns the midpoint of the bracket after the final update, which can be ~1e-4
   * off the root. Returns NaN if it does not converge (gbstats NUMERICAL_PVALUE_NOT_CONVERGED).
   */
  static double bisection(double est, double s2, long n, double rho, boolean lesser) {
    double lo = SequentialTTest.MIN_ONE_SIDED_P;
    double hi = SequentialTTest.MAX_ONE_SIDED_P;
    double small = bound(est, s2, n, lo, rho, lesser);
    double big = bound(est, s2, n, hi, rho, lesser);
    if (lesser ? small < 0 : small > 0) {
      return lo;
    }
    if (lesser ? big > 0 : big < 0) {
      return hi;
    }
    double a = 0.5 * (lo + hi);
    double diff = 0;
    for (int i = 0; i < 100; i++) {
      diff = bound(est, s2, n, a, rho, lesser);
      boolean notRejected = lesser ? diff > 0 : diff < 0;
      if (notRejected) {
        lo = a;
      } else {
        hi = a;
      }
      a = 0.5 * (lo + hi);
      if (Math.abs(diff) < 1e-6) {
        return a;
      }
    }
    return Double.NaN;
  }

  /**
   * Closed-form root α* = sqrt(v)/(2(e^K − 1)), v = Nρ²+1, K = Δ²N²ρ²/(2vσ̂²), clipped to [1e-5,
   * 0.4999]; the "wrong" direction (no evidence) gives 0.4999.
   */
  static double exact(double est, double s2, long n, double rho, boolean lesser) {
    if (lesser ? est >= 0 : est <= 0) {
      return SequentialTTest.MAX_ONE_SIDED_P;
    }
    double v = n * rho * rho + 1;
    double k = est * est * Math.pow(n * rho, 2) / (2 * v * s2);
    double root = Math.sqrt(v) / (2 * Math.expm1(k));
    return Math.max(
        SequentialTTest.MIN_ONE_SIDED_P, Math.min(SequentialTTest.MAX_ONE_SIDED_P, root));
  }

  /** The finite CI end at level a: Δ + hw (lesser) or Δ − hw (greater). */
  private static double bound(double est, double s2, long n, double a, double rho, boolean lesser) {
    double hw = SequentialTTest.oneSidedHalfwidth(s2, n, a, rho);
    return lesser ? est + hw : est - hw;
  }
}
