package campaignlift.stats;

/**
 * Settings of one comparison.
 *
 * @param alpha significance level in (0, 1), default 0.05
 * @param sequential whether decisions use the always-valid sequential result
 * @param tuning sequential tuning N* (default 5000)
 * @param cuped whether to apply CUPED when both groups carry covariate sums
 * @param alternative alternative hypothesis (default two-sided)
 */
public record AnalysisSettings(
    double alpha, boolean sequential, double tuning, boolean cuped, Alternative alternative) {
  /** The significance level of gbstats and GrowthBook, and of a campaign that names none. */
  public static final double DEFAULT_ALPHA = 0.05;

  /** gbstats / GrowthBook defaults: α 0.05, fixed horizon, N* 5000, CUPED on, two-sided. */
  static final AnalysisSettings DEFAULTS =
      new AnalysisSettings(
          DEFAULT_ALPHA, false, SequentialTTest.DEFAULT_TUNING, true, Alternative.TWO_SIDED);

  /** Validates alpha and tuning. */
  public AnalysisSettings {
    Checks.alpha(alpha);
    if (!(tuning > 0) || Double.isInfinite(tuning)) {
      throw new IllegalArgumentException("tuning must be positive and finite, got " + tuning);
    }
    if (alternative == null) {
      throw new IllegalArgumentException("alternative is required");
    }
  }

  /** Copy with sequential on or off. */
  AnalysisSettings withSequential(boolean on) {
    return new AnalysisSettings(alpha, on, tuning, cuped, alternative);
  }

  /** Copy with CUPED on or off. */
  AnalysisSettings withCuped(boolean on) {
    return new AnalysisSettings(alpha, sequential, tuning, on, alternative);
  }
}
