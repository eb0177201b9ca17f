package campaignlift.stats;

/**
 * Minimum detectable effect at the current sample sizes (docs/statistics.md §9), reported for every
 * result row.
 *
 * <p>Formula (normal approximation, two-sided α, the same variance as the test): MDE_abs =
 * (z_{1−α/2} + z_{power})·SE_abs with SE_abs² = v_T/n_T + v_C/n_C (CUPED-adjusted when CUPED
 * applies), and MDE_rel = MDE_abs/|μ_C| (the relative SE under the null, where μ_T = μ_C). A
 * degenerate effect gives 0 with its reason.
 *
 * @param absolute smallest absolute lift detected with the given power
 * @param relative the same as a fraction of the control mean
 * @param power the power used (e.g. 0.8)
 * @param reason {@link Reason#NONE} or why it could not be computed
 */
public record MinimumDetectableEffect(
    double absolute, double relative, double power, Reason reason) {

  /** Default power. */
  public static final double DEFAULT_POWER = 0.8;

  /**
   * MDE from the absolute effect moments.
   *
   * @throws IllegalArgumentException if the effect is not absolute or alpha/power is out of range
   */
  static MinimumDetectableEffect of(Effect absoluteEffect, double alpha, double power) {
    Checks.alpha(alpha);
    if (!(power > 0 && power < 1)) {
      throw new IllegalArgumentException("power must be in (0, 1), got " + power);
    }
    if (absoluteEffect.scale() != Scale.ABSOLUTE) {
      throw new IllegalArgumentException("MDE needs the absolute effect");
    }
    if (absoluteEffect.isDegenerate()) {
      return new MinimumDetectableEffect(0, 0, power, absoluteEffect.reason());
    }
    double z = Distributions.normalQuantile(1 - alpha / 2) + Distributions.normalQuantile(power);
    double abs = z * absoluteEffect.se();
    return new MinimumDetectableEffect(
        abs, abs / Math.abs(absoluteEffect.controlMean()), power, Reason.NONE);
  }
}
