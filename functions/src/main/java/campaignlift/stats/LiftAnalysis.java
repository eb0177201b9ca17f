package campaignlift.stats;

/**
 * The engine's entry point: from control and treatment sufficient statistics and settings to every
 * reported figure (docs/statistics.md §1-9), without wiring formulas together.
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
    GroupStatistic c = control.statistic(type);
    GroupStatistic t = treatment.statistic(type);
    CupedSummary cuped = CupedSummary.NOT_APPLIED;
    if (settings.cuped() && control.hasCovariate() && treatment.hasCovariate()) {
      CupedTheta.ThetaAdjusted adj = CupedTheta.adjust(control.cuped(type), treatment.cuped(type));
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
        control.moments(type),
        treatment.moments(type),
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
