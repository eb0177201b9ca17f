package campaignlift.stats;

/**
 * Estimation of the CUPED coefficient θ, pooled over both arms of one comparison
 * (docs/statistics.md §4).
 *
 * <p>Deviation from the textbook (docs/statistics.md §10.6): θ is the OLS slope on the combined
 * data using the total covariance, not the within-arm covariance of Deng et al. 2013 eq. 4.
 */
final class CupedTheta {
  /** gbstats reverts a CUPED ratio to the plain ratio when |θ| is below this. */
  static final double RATIO_FALLBACK_THRESHOLD = 1e-8;

  private CupedTheta() {}

  /**
   * θ = cov_pooled(y, x)/var_pooled(x) from the summed sums of both arms (gbstats compute_theta);
   * binomial inputs use the /n formulas. Returns 0 if the pooled var(x) or var(y) is 0.
   */
  static double pooled(CupedStatistic a, CupedStatistic b) {
    SumStatistic post = SumStatistic.join(a.post(), b.post());
    SumStatistic pre = SumStatistic.join(a.pre(), b.pre());
    if (pre.variance() == 0 || post.variance() == 0) {
      return 0;
    }
    double cov = Covariance.of(post.n(), post, pre, a.crossSum() + b.crossSum());
    return cov / pre.variance();
  }

  /**
   * θ = Σ_g Cov_g(R_post, R_pre)/Σ_g Var_g(R_pre) with per-unit delta-method quantities summed over
   * the arms without n-weighting (gbstats compute_theta_regression_adjusted_ratio,
   * docs/statistics.md §10.6). Returns 0 if the summed variance is 0.
   */
  static double ratio(CupedRatioStatistic a, CupedRatioStatistic b) {
    double var = varPre(a) + varPre(b);
    if (var == 0) {
      return 0;
    }
    // gbstats evaluates with θ = 1: its "covariance" is −Cov(R_post, R_pre), hence the minus sign.
    return -(covPostPre(a) + covPostPre(b)) / var;
  }

  private static double varPre(CupedRatioStatistic s) {
    double[] g = s.nabla(1);
    double[] pre = {g[2], g[3]};
    return Matrices.block(pre, s.lambda(), 2, 2, pre);
  }

  private static double covPostPre(CupedRatioStatistic s) {
    double[] g = s.nabla(1);
    return Matrices.block(new double[] {g[2], g[3]}, s.lambda(), 2, 0, new double[] {g[0], g[1]});
  }

  /**
   * Estimates θ for a pair of CUPED statistics and returns them adjusted, or, when θ is 0 (|θ| &lt;
   * 1e-8 for ratios), the unadjusted statistics (gbstats initialize_theta: silent fallback). Pairs
   * that are not CUPED are returned unchanged with θ = 0.
   */
  static ThetaAdjusted adjust(GroupStatistic control, GroupStatistic treatment) {
    if (control instanceof CupedStatistic c && treatment instanceof CupedStatistic t) {
      double theta = pooled(c, t);
      if (theta == 0) {
        return new ThetaAdjusted(c.post(), t.post(), 0, false);
      }
      return new ThetaAdjusted(c.withTheta(theta), t.withTheta(theta), theta, true);
    }
    if (control instanceof CupedRatioStatistic c && treatment instanceof CupedRatioStatistic t) {
      double theta = ratio(c, t);
      if (Math.abs(theta) < RATIO_FALLBACK_THRESHOLD) {
        return new ThetaAdjusted(plainRatio(c), plainRatio(t), 0, false);
      }
      return new ThetaAdjusted(c.withTheta(theta), t.withTheta(theta), theta, true);
    }
    return new ThetaAdjusted(control, treatment, 0, false);
  }

  private static RatioStatistic plainRatio(CupedRatioStatistic s) {
    return new RatioStatistic(s.mPost(), s.dPost(), s.mPostDPost());
  }

  /**
   * A comparison's statistics after θ estimation.
   *
   * @param control control statistic (adjusted, or unadjusted after fallback)
   * @param treatment treatment statistic
   * @param theta θ used (0 when not applied)
   * @param applied whether CUPED adjustment is in effect
   */
  record ThetaAdjusted(
      GroupStatistic control, GroupStatistic treatment, double theta, boolean applied) {}
}
