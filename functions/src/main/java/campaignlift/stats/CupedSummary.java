package campaignlift.stats;

/**
 * What CUPED did in one comparison.
 *
 * @param applied whether the adjustment is in effect (false when off, without covariates, or θ = 0)
 * @param theta the pooled θ (0 when not applied)
 * @param varianceReduction 1 − Var_adj/Var_unadj of the absolute effect (0 when not applied)
 */
public record CupedSummary(boolean applied, double theta, double varianceReduction) {
  /** No adjustment. */
  static final CupedSummary NOT_APPLIED = new CupedSummary(false, 0, 0);
}
