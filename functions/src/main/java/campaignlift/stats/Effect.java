package campaignlift.stats;

/**
 * Effect moments of one comparison (gbstats EffectMomentsResult): point estimate and standard error
 * on one {@link Scale}, plus what the tests need.
 *
 * @param scale absolute or relative
 * @param estimate Δ or Δ_r; 0 when degenerate
 * @param se standard error; 0 when degenerate
 * @param rawVariance the effect variance before the zero/negative check (may be ≤ 0 or NaN)
 * @param df Welch–Satterthwaite df from per-group per-unit variances (docs/statistics.md §3), also
 *     for relative
 * @param pairwiseN n_C + n_T (used by the sequential test)
 * @param controlMean unadjusted control mean μ_C (rescales the Bayesian prior)
 * @param reason {@link Reason#NONE}, or why the default output was returned
 */
record Effect(
    Scale scale,
    double estimate,
    double se,
    double rawVariance,
    double df,
    long pairwiseN,
    double controlMean,
    Reason reason) {

  /** Whether this is gbstats' default output. */
  boolean isDegenerate() {
    return reason.isDegenerate();
  }
}
