package campaignlift.stats;

/**
 * CUPED statistics of one group (gbstats {@code RegressionAdjustedStatistic}): the post-exposure
 * metric y, the pre-exposure covariate x and Σxy, with the regression coefficient θ applied.
 *
 * <p>m_adj = ȳ − θx̄ and v_adj = v_y + θ²v_x − 2θ·c_xy (docs/statistics.md §4; Deng et al. 2013). θ
 * = 0 means no adjustment. θ is normally the pooled estimate of {@link CupedTheta#pooled}.
 */
record CupedStatistic(SumStatistic post, SumStatistic pre, double crossSum, double theta)
    implements GroupStatistic {
  /** Checks that post and pre are of the same kind and share n. */
  CupedStatistic {
    if (post.n() != pre.n()) {
      throw new IllegalArgumentException("post and pre statistics must have the same n");
    }
    if (post.binomial() != pre.binomial()) {
      throw new IllegalArgumentException("post and pre statistics must be of the same kind");
    }
    Checks.finite(crossSum, "crossSum");
    Checks.finite(theta, "theta");
  }

  /** Same sums with another θ. */
  CupedStatistic withTheta(double newTheta) {
    return new CupedStatistic(post, pre, crossSum, newTheta);
  }

  @Override
  public long n() {
    return post.n();
  }

  @Override
  public double mean() {
    return post.mean() - theta * pre.mean();
  }

  @Override
  public double unadjustedMean() {
    return post.mean();
  }

  /** Per-unit covariance c_xy of post and pre. */
  double covariance() {
    return Covariance.of(n(), post, pre, crossSum);
  }

  @Override
  public double variance() {
    if (n() <= 1) {
      return 0;
    }
    return post.variance() + theta * theta * pre.variance() - 2 * theta * covariance();
  }
}
