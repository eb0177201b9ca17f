package campaignlift.stats;

/**
 * Bayesian summary of one effect (gbstats EffectBayesianABTest, docs/statistics.md §8).
 *
 * @param expected posterior mean of the effect
 * @param stddev posterior standard deviation
 * @param ciLower credible interval, quantile α/2
 * @param ciUpper credible interval, quantile 1 − α/2
 * @param chanceToWin P(δ &gt; 0), or P(δ &lt; 0) for inverse metrics
 * @param riskControl expected loss of shipping control (swapped for inverse metrics)
 * @param riskTreatment expected loss of shipping treatment (swapped for inverse metrics)
 * @param reason {@link Reason#NONE} or why the default output (0, 0, (0,0), 0.5, 0, 0) was returned
 */
record BayesianResult(
    double expected,
    double stddev,
    double ciLower,
    double ciUpper,
    double chanceToWin,
    double riskControl,
    double riskTreatment,
    Reason reason) {

  /** gbstats default Bayesian output: chance to win 0.5, everything else 0. */
  static BayesianResult defaultOutput(Reason reason) {
    return new BayesianResult(0, 0, 0, 0, 0.5, 0, 0, reason);
  }
}
