package campaignlift.stats;

/**
 * Entry point for time-to-event metrics such as time to repeat purchase (docs/statistics.md
 * §12-15): Kaplan–Meier curves with Greenwood SEs, the restricted mean survival time (RMST) up to
 * the horizon per arm, the RMST difference and the log-rank test. Degenerate inputs never throw.
 */
public final class SurvivalAnalysis {
  private SurvivalAnalysis() {}

  /**
   * Compares treatment with control. Only {@code settings.alpha()} is used: the RMST difference is
   * always a two-sided fixed-horizon z-test, and the log-rank test is two-sided by nature.
   *
   * @throws IllegalArgumentException if the arms' horizons differ
   */
  public static SurvivalResult compare(
      DailySurvival control, DailySurvival treatment, AnalysisSettings settings) {
    if (control.horizonDays() != treatment.horizonDays()) {
      throw new IllegalArgumentException(
          "control and treatment must share a horizon, got "
              + control.horizonDays()
              + " and "
              + treatment.horizonDays());
    }
    ArmSurvival c = RestrictedMean.of(control);
    ArmSurvival t = RestrictedMean.of(treatment);
    return new SurvivalResult(
        control.horizonDays(),
        c,
        t,
        RmstDifference.test(c, t, settings.alpha()),
        LogRankTest.test(control, treatment));
  }

  /** One arm's curve and RMST alone. */
  public static ArmSurvival describe(DailySurvival arm) {
    return RestrictedMean.of(arm);
  }
}
