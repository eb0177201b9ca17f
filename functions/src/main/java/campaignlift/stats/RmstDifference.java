package campaignlift.stats;

/**
 * Difference in restricted mean survival time, treatment − control, with a two-sided z-test
 * (Royston &amp; Parmar 2013; Uno et al. 2014; docs/statistics.md §14).
 *
 * <p>Δ = RMST_T − RMST_C, SE = √(Var_T + Var_C) (independent arms), interval Δ ± z_{1−α/2}·SE, p =
 * 2Φ(−|Δ/SE|). An arm without users or a zero variance (no events anywhere) gives the default
 * output (estimate 0, SE 0, interval (0, 0), p = 1) with {@link Reason#ZERO_NEGATIVE_VARIANCE}.
 */
final class RmstDifference {
  private RmstDifference() {}

  static TestResult test(ArmSurvival control, ArmSurvival treatment, double alpha) {
    Checks.alpha(alpha);
    double inf = Double.POSITIVE_INFINITY;
    double variance = control.rmstVariance() + treatment.rmstVariance();
    if (control.users() == 0 || treatment.users() == 0 || !(variance > 0)) {
      return TestResult.defaultOutput(Reason.ZERO_NEGATIVE_VARIANCE, inf);
    }
    double estimate = treatment.rmst() - control.rmst();
    double se = Math.sqrt(variance);
    if (!Double.isFinite(estimate) || !Double.isFinite(se)) {
      return TestResult.defaultOutput(Reason.NON_FINITE, inf);
    }
    double halfWidth = Distributions.normalQuantile(1 - alpha / 2) * se;
    double p = 2 * Distributions.normalCdf(-Math.abs(estimate / se));
    return new TestResult(
        estimate, se, estimate - halfWidth, estimate + halfWidth, p, inf, Reason.NONE);
  }
}
