package campaignlift.stats;

/**
 * Everything the evaluator reports for one treatment-vs-control comparison of one metric.
 *
 * @param control unadjusted control moments
 * @param treatment unadjusted treatment moments
 * @param absolute fixed-horizon Welch test of the absolute lift (CUPED-adjusted when applied)
 * @param relative fixed-horizon Welch test of the relative lift
 * @param sequentialAbsolute always-valid confidence sequence of the absolute lift
 * @param sequential always-valid confidence sequence of the relative lift
 * @param cuped CUPED θ and variance reduction
 * @param chanceToWin P(relative lift &gt; 0) under the flat prior (docs/statistics.md §8); 0.5 when
 *     the relative effect is degenerate
 * @param mde minimum detectable effect at 80% power for the current n (docs/statistics.md §9)
 * @param sequentialDecision whether {@link #decision()} is the sequential result
 */
public record LiftResult(
    GroupMoments control,
    GroupMoments treatment,
    TestResult absolute,
    TestResult relative,
    TestResult sequentialAbsolute,
    TestResult sequential,
    CupedSummary cuped,
    double chanceToWin,
    MinimumDetectableEffect mde,
    boolean sequentialDecision) {

  /**
   * The relative-scale result decisions use: sequential when on, else fixed-horizon
   * (docs/results.md).
   */
  public TestResult decision() {
    return sequentialDecision ? sequential : relative;
  }
}
