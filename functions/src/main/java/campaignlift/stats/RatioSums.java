package campaignlift.stats;

/**
 * Per-group sufficient statistics of a ratio metric ΣM/ΣD (docs/statistics.md §1, §11): NPS (score
 * points over answers), CSAT (score over answers), order value (revenue over purchases).
 *
 * <p>n counts every user of the arm, users whose denominator is 0 included, as gbstats ratio
 * metrics do: the delta-method variance is per user, not per answer or order.
 *
 * @param n users in the group (≥ 0)
 * @param numeratorSum ΣM
 * @param numeratorSumSquares ΣM²
 * @param denominatorSum ΣD
 * @param denominatorSumSquares ΣD²
 * @param crossSum Σ(M·D)
 * @param covariate pre-exposure sums for CUPED, or null when not available
 */
public record RatioSums(
    long n,
    double numeratorSum,
    double numeratorSumSquares,
    double denominatorSum,
    double denominatorSumSquares,
    double crossSum,
    RatioCovariateSums covariate) {
  /** Validates the sums. */
  public RatioSums {
    Checks.count(n, "n");
    Checks.finite(numeratorSum, "numeratorSum");
    Checks.finite(numeratorSumSquares, "numeratorSumSquares");
    Checks.finite(denominatorSum, "denominatorSum");
    Checks.finite(denominatorSumSquares, "denominatorSumSquares");
    Checks.finite(crossSum, "crossSum");
  }

  /** Whether CUPED sums are present. */
  public boolean hasCovariate() {
    return covariate != null;
  }

  /** The plain ratio statistic (gbstats {@code RatioStatistic}). */
  RatioStatistic statistic() {
    return new RatioStatistic(numerator(), denominator(), crossSum);
  }

  /** The CUPED ratio statistic with θ = 0 (gbstats {@code RegressionAdjustedRatioStatistic}). */
  CupedRatioStatistic cuped() {
    if (covariate == null) {
      throw new IllegalStateException("no covariate sums");
    }
    RatioCovariateSums x = covariate;
    return new CupedRatioStatistic(
        numerator(),
        denominator(),
        new SampleMean(n, x.numeratorSum(), x.numeratorSumSquares()),
        new SampleMean(n, x.denominatorSum(), x.denominatorSumSquares()),
        x.numeratorPostPre(),
        x.denominatorPostPre(),
        x.crossSum(),
        crossSum,
        x.numeratorPostDenominatorPre(),
        x.numeratorPreDenominatorPost(),
        0);
  }

  /** Unadjusted moments: n, R = ΣM/ΣD and the per-user delta-method variance. */
  GroupMoments moments() {
    RatioStatistic s = statistic();
    return new GroupMoments(n, s.mean(), s.variance());
  }

  private SampleMean numerator() {
    return new SampleMean(n, numeratorSum, numeratorSumSquares);
  }

  private SampleMean denominator() {
    return new SampleMean(n, denominatorSum, denominatorSumSquares);
  }
}
