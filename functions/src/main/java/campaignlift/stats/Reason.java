package campaignlift.stats;

/** Machine-readable reason why a result is gbstats' default output rather than a real estimate. */
public enum Reason {
  /** A real estimate: no degeneracy. */
  NONE,
  /**
   * A per-group variance or the effect variance is zero or negative (gbstats
   * ZERO_NEGATIVE_VARIANCE).
   */
  ZERO_NEGATIVE_VARIANCE,
  /** The control mean, adjusted or unadjusted, is zero (gbstats BASELINE_VARIATION_ZERO). */
  BASELINE_VARIATION_ZERO,
  /** Control and treatment statistics are of different kinds (e.g. CUPED vs plain). */
  MISMATCHED_STATISTICS,
  /** The inputs produced a non-finite variance or estimate. */
  NON_FINITE,
  /** One-sided sequential tests need alpha below 0.5 (gbstats ALPHA_GREATER_THAN_0.5...). */
  ALPHA_TOO_LARGE_FOR_ONE_SIDED_SEQUENTIAL;

  /** Whether this reason marks a default (degenerate) output. */
  public boolean isDegenerate() {
    return this != NONE;
  }
}
