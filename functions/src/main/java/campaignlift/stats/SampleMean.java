package campaignlift.stats;

/**
 * Sufficient statistics of a mean metric: n, Σy, Σy² (gbstats {@code SampleMeanStatistic}).
 *
 * <p>m = S/n (0 if n = 0) and v = (SS − S²/n)/(n − 1), v = 0 if n ≤ 1 (docs/statistics.md §1).
 *
 * @throws IllegalArgumentException if n &lt; 0 or a sum is not finite
 */
record SampleMean(long n, double sum, double sumSquares) implements SumStatistic {
  /** Validates the sums. */
  SampleMean {
    Checks.count(n, "n");
    Checks.finite(sum, "sum");
    Checks.finite(sumSquares, "sumSquares");
  }

  @Override
  public double mean() {
    return n == 0 ? 0 : sum / n;
  }

  @Override
  public double variance() {
    if (n <= 1) {
      return 0;
    }
    return (sumSquares - sum * sum / n) / (n - 1);
  }

  @Override
  public boolean binomial() {
    return false;
  }
}
