package campaignlift.stats;

/**
 * Per-unit covariance of two variables measured on the same n units (gbstats compute_covariance).
 */
final class Covariance {
  private Covariance() {}

  /**
   * (Σab − Sa·Sb/n)/(n − 1); when both variables are binomial Σab/n − Sa·Sb/n² (docs/statistics.md
   * §1, §10.2). Returns 0 if n ≤ 1.
   */
  static double of(long n, SumStatistic a, SumStatistic b, double sumProducts) {
    if (n <= 1) {
      return 0;
    }
    if (a.binomial() && b.binomial()) {
      return sumProducts / n - a.sum() * b.sum() / ((double) n * n);
    }
    return (sumProducts - a.sum() * b.sum() / n) / (n - 1);
  }
}
