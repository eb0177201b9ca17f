package campaignlift.stats;

/**
 * Sufficient statistics of a binomial (0/1) metric: n and Σy (gbstats {@code ProportionStatistic}).
 *
 * <p>p = S/n and v = p(1 − p), the MLE without the n/(n − 1) correction (docs/statistics.md §1,
 * §10.1).
 *
 * @throws IllegalArgumentException if n &lt; 0 or the sum is not finite
 */
record Proportion(long n, double sum) implements SumStatistic {
  /** Validates the sum. */
  Proportion {
    Checks.count(n, "n");
    Checks.finite(sum, "sum");
  }

  @Override
  public double sumSquares() {
    return sum;
  }

  @Override
  public double mean() {
    return n == 0 ? 0 : sum / n;
  }

  @Override
  public double variance() {
    double p = mean();
    return p * (1 - p);
  }

  @Override
  public boolean binomial() {
    return true;
  }
}
