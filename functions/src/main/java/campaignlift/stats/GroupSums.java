package campaignlift.stats;

/**
 * Per-group sufficient statistics as the warehouse aggregates them (docs/statistics.md §1): n =
 * users, Σy, Σy², and optionally the CUPED covariate sums.
 *
 * @param n users in the group (≥ 0)
 * @param sum Σy
 * @param sumSquares Σy² (ignored for proportions, where Σy² = Σy)
 * @param covariate CUPED sums, or null when not available
 */
public record GroupSums(long n, double sum, double sumSquares, CovariateSums covariate) {
  /** Validates the sums. */
  public GroupSums {
    Checks.count(n, "n");
    Checks.finite(sum, "sum");
    Checks.finite(sumSquares, "sumSquares");
  }

  /** Sums without a covariate. */
  static GroupSums of(long n, double sum, double sumSquares) {
    return new GroupSums(n, sum, sumSquares, null);
  }

  /** Whether CUPED sums are present. */
  public boolean hasCovariate() {
    return covariate != null;
  }

  /** The metric as a statistic of the given type (unadjusted). */
  SumStatistic statistic(MetricType type) {
    return type == MetricType.PROPORTION
        ? new Proportion(n, sum)
        : new SampleMean(n, sum, sumSquares);
  }

  /**
   * The CUPED statistic (θ = 0 until estimated); the covariate is of the same type as the metric.
   */
  CupedStatistic cuped(MetricType type) {
    if (covariate == null) {
      throw new IllegalStateException("no covariate sums");
    }
    SumStatistic pre =
        type == MetricType.PROPORTION
            ? new Proportion(n, covariate.sum())
            : new SampleMean(n, covariate.sum(), covariate.sumSquares());
    return new CupedStatistic(statistic(type), pre, covariate.crossSum(), 0);
  }

  /** Unadjusted per-unit moments (docs/statistics.md §1). */
  GroupMoments moments(MetricType type) {
    SumStatistic s = statistic(type);
    return new GroupMoments(n, s.mean(), s.variance());
  }
}
