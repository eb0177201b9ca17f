package campaignlift.stats;

/**
 * The engine's entry point: from control and treatment sufficient statistics and settings to every
 * reported figure (docs/statistics.md §1-9, §11), without wiring formulas together.
 */
public final class LiftAnalysis {
  private LiftAnalysis() {}

  /**
   * Analyses treatment against control.
   *
   * <p>CUPED applies when {@code settings.cuped()} is on and both groups carry covariate sums; θ is
   * pooled over the two groups and a θ of 0 silently falls back to the unadjusted analysis
   * (docs/statistics.md §4). Degenerate inputs never throw: each result carries its {@link Reason}.
   *
   * @throws IllegalArgumentException for invalid (not merely degenerate) inputs
   */
  public static LiftResult compare(
      MetricType type, GroupSums control, GroupSums treatment, AnalysisSettings settings) {
    boolean cuped = settings.cuped() && control.hasCovariate() && treatment.hasCovariate();
    return analyse(
        control.statistic(type),
        treatment.statistic(type),
        cuped ? control.cuped(type) : null,
        cuped ? treatment.cuped(type) : null,
        control.moments(type),
        treatment.moments(type),
        settings);
  }

  /**
   * Analyses a ratio metric ΣM/ΣD of treatment against control (gbstats {@code RatioStatistic},
   * docs/statistics.md §11): the same figures as {@link #compare}, with the per-user delta-method
   * variance of the ratio. The absolute lift is R_T − R_C in the metric's unit (NPS points for
   * NPS).
   *
   * <p>CUPED applies when {@code settings.cuped()} is on and both groups carry {@link
   * RatioCovariateSums}: gbstats {@code RegressionAdjustedRatioStatistic} with θ pooled by gbstats
   * compute_theta_regression_adjusted_ratio; |θ| &lt; 1e-8 silently falls back to the plain ratio
   * (docs/statistics.md §4, §10.6). Degenerate inputs (e.g. ΣD = 0 in control) never throw: each
   * result carries its {@link Reason}.
   *
   * @throws IllegalArgumentException for invalid (not merely degenerate) inputs
   */
  public static LiftResult compareRatio(
      RatioSums control, RatioSums treatment, AnalysisSettings settings) {
    boolean cuped = settings.cuped() && control.hasCovariate() && treatment.hasCovariate();
    return analyse(
        control.statistic(),
        treatment.statistic(),
        cuped ? control.cuped() : null,
        cuped ? treatment.cuped() : null,
        control.moments(),
        treatment.moments(),
        settings);
  }

  /**
   * Every figure of one comparison from the groups' unadjusted statistics and, when CUPED is to be
   * tried, their CUPED statistics with θ = 0 (null otherwise).
   */
  private static LiftResult analyse(
      GroupStatistic control,
      GroupStatistic treatment,
      GroupStatistic cupedControl,
      GroupStatistic cupedTreatment,
      GroupMoments controlMoments,
      GroupMoments treatmentMoments,
      AnalysisSettings settings) {
    GroupStatistic c = control;
    GroupStatistic t = treatment;
    CupedSummary cuped = CupedSummary.NOT_APPLIED;
    if (cupedControl != null && cupedTreatment != null) {
      CupedTheta.ThetaAdjusted adj = CupedTheta.adjust(cupedControl, cupedTreatment);
      if (adj.applied()) {
        Effect unadjusted = EffectMoments.compute(c, t, Scale.ABSOLUTE);
        Effect adjusted = EffectMoments.compute(adj.control(), adj.treatment(), Scale.ABSOLUTE);
        cuped = new CupedSummary(true, adj.theta(), varianceReduction(unadjusted, adjusted));
        c = adj.control();
        t = adj.treatment();
      }
    }
    Effect abs = EffectMoments.compute(c, t, Scale.ABSOLUTE);
    Effect rel = EffectMoments.compute(c, t, Scale.RELATIVE);
    double alpha = settings.alpha();
    Alternative alt = settings.alternative();
    return new LiftResult(
        controlMoments,
        treatmentMoments,
        WelchTTest.test(abs, alt, alpha),
        WelchTTest.test(rel, alt, alpha),
        SequentialTTest.test(abs, alt, alpha, settings.tuning()),
        SequentialTTest.test(rel, alt, alpha, settings.tuning()),
        cuped,
        BayesianTest.chanceToWin(rel, Prior.FLAT, false),
        MinimumDetectableEffect.of(abs, alpha, MinimumDetectableEffect.DEFAULT_POWER),
        settings.sequential());
  }

  private static double varianceReduction(Effect unadjusted, Effect adjusted) {
    if (unadjusted.isDegenerate() || adjusted.isDegenerate()) {
      return 0;
    }
    return 1 - adjusted.rawVariance() / unadjusted.rawVariance();
  }
}
