package campaignlift.stats;

/**
 * Result of a frequentist test of one effect.
 *
 * <p>Never NaN: a degenerate effect gives gbstats' default output (estimate 0, SE 0, CI (0,0), p =
 * 1) with a non-{@code NONE} {@link Reason}. One-sided intervals have an infinite end.
 *
 * @param estimate point estimate (absolute or relative lift)
 * @param se standard error of the estimate
 * @param ciLower lower confidence bound (may be −∞)
 * @param ciUpper upper confidence bound (may be +∞)
 * @param pValue p-value in [0, 1]
 * @param df degrees of freedom of the reference distribution: Welch df for t-tests, +∞ for the
 *     normal-based sequential test
 * @param reason {@link Reason#NONE} or why the default output was returned
 */
public record TestResult(
    double estimate,
    double se,
    double ciLower,
    double ciUpper,
    double pValue,
    double df,
    Reason reason) {

  /** gbstats default output: estimate 0, SE 0, CI (0,0), p = 1. */
  static TestResult defaultOutput(Reason reason, double df) {
    return new TestResult(0, 0, 0, 0, 1, df, reason);
  }

  /** Whether this is the default output. */
  public boolean isDegenerate() {
    return reason.isDegenerate();
  }

  /** Whether the interval excludes 0. */
  public boolean excludesZero() {
    return ciLower > 0 || ciUpper < 0;
  }
}
