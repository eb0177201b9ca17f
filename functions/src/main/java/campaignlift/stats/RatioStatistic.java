package campaignlift.stats;

/**
 * A ratio metric ΣM/ΣD per group (gbstats {@code RatioStatistic}), with Σ(M·D).
 *
 * <p>R = ΣM/ΣD (0 when ΣD = 0). Per-unit variance by the delta method (docs/statistics.md §1): v =
 * σ²_M/μ_D² + σ²_D·μ_M²/μ_D⁴ − 2σ_MD·μ_M/μ_D³, 0 if μ_D = 0 or n ≤ 1.
 */
record RatioStatistic(SumStatistic numerator, SumStatistic denominator, double sumProducts)
    implements GroupStatistic {
  /** Checks numerator and denominator share n. */
  RatioStatistic {
    if (numerator.n() != denominator.n()) {
      throw new IllegalArgumentException("numerator and denominator must have the same n");
    }
    Checks.finite(sumProducts, "sumProducts");
  }

  @Override
  public long n() {
    return numerator.n();
  }

  @Override
  public double mean() {
    return denominator.sum() == 0 ? 0 : numerator.sum() / denominator.sum();
  }

  /** Per-unit covariance of numerator and denominator. */
  double covariance() {
    return Covariance.of(n(), numerator, denominator, sumProducts);
  }

  @Override
  public double variance() {
    double muD = denominator.mean();
    if (muD == 0 || n() <= 1) {
      return 0;
    }
    double muM = numerator.mean();
    return numerator.variance() / (muD * muD)
        + denominator.variance() * muM * muM / Math.pow(muD, 4)
        - 2 * covariance() * muM / Math.pow(muD, 3);
  }
}
