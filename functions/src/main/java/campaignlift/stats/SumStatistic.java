package campaignlift.stats;

/** A single-variable statistic fed by n, Σy and Σy²: {@link SampleMean} or {@link Proportion}. */
sealed interface SumStatistic extends GroupStatistic permits SampleMean, Proportion {
  /** Σy. */
  double sum();

  /** Σy² (equals Σy for a 0/1 proportion). */
  double sumSquares();

  /**
   * Whether the variable is binomial (0/1), which changes variance and covariance
   * (docs/statistics.md §10.1-2).
   */
  boolean binomial();

  /** Sum of two groups' statistics of the same kind, (gbstats create_joint_statistic). */
  static SumStatistic join(SumStatistic a, SumStatistic b) {
    long n = a.n() + b.n();
    if (a instanceof Proportion && b instanceof Proportion) {
      return new Proportion(n, a.sum() + b.sum());
    }
    if (a instanceof SampleMean && b instanceof SampleMean) {
      return new SampleMean(n, a.sum() + b.sum(), a.sumSquares() + b.sumSquares());
    }
    throw new IllegalArgumentException("cannot join a proportion with a sample mean");
  }
}
