package campaignlift.stats;

/**
 * Point estimate and variance of treatment − control (gbstats EffectMoments, docs/statistics.md
 * §2-4).
 *
 * <p>Never throws for valid statistics: degenerate inputs give estimate 0, SE 0 and a {@link
 * Reason}. As in gbstats this applies to absolute effects too (docs/statistics.md §10.10).
 */
final class EffectMoments {
  private EffectMoments() {}

  /**
   * Effect of {@code treatment} vs {@code control} on {@code scale}. CUPED statistics must already
   * carry their θ (see {@link CupedTheta#adjust}).
   */
  static Effect compute(GroupStatistic control, GroupStatistic treatment, Scale scale) {
    long pairwiseN = control.n() + treatment.n();
    double df = welchDf(control, treatment);
    double muC = control.unadjustedMean();
    if (control.getClass() != treatment.getClass()) {
      return degenerate(scale, Double.NaN, df, pairwiseN, muC, Reason.MISMATCHED_STATISTICS);
    }
    double var = variance(control, treatment, scale);
    // gbstats checks order: zero/negative variance first, then a zero (adjusted or raw) baseline.
    if (control.variance() <= 0 || treatment.variance() <= 0 || var <= 0) {
      return degenerate(scale, var, df, pairwiseN, muC, Reason.ZERO_NEGATIVE_VARIANCE);
    }
    if (control.mean() == 0 || muC == 0) {
      return degenerate(scale, var, df, pairwiseN, muC, Reason.BASELINE_VARIATION_ZERO);
    }
    double estimate = pointEstimate(control.mean(), treatment.mean(), scale, muC);
    if (!Double.isFinite(var) || !Double.isFinite(estimate) || !Double.isFinite(df)) {
      return degenerate(scale, var, df, pairwiseN, muC, Reason.NON_FINITE);
    }
    return new Effect(scale, estimate, Math.sqrt(var), var, df, pairwiseN, muC, Reason.NONE);
  }

  /**
   * gbstats frequentist_diff: m_T − m_C, or (m_T − m_C)/|μ_C| with μ_C the unadjusted control mean
   * (docs/statistics.md §10.3: the absolute value keeps the sign of the lift when the baseline is
   * negative).
   */
  static double pointEstimate(
      double meanControl, double meanTreatment, Scale scale, double unadjustedMeanControl) {
    double diff = meanTreatment - meanControl;
    return scale == Scale.RELATIVE ? diff / Math.abs(unadjustedMeanControl) : diff;
  }

  /**
   * Welch–Satterthwaite df from the per-group per-unit variances (docs/statistics.md §3); 1 when a
   * group has n ≤ 1 or zero variance (gbstats dof).
   */
  static double welchDf(GroupStatistic control, GroupStatistic treatment) {
    double vc = control.variance();
    double vt = treatment.variance();
    long nc = control.n();
    long nt = treatment.n();
    if (nc <= 1 || nt <= 1 || vc == 0 || vt == 0) {
      return 1;
    }
    double num = Math.pow(vt / nt + vc / nc, 2);
    double den = vt * vt / ((double) nt * nt * (nt - 1)) + vc * vc / ((double) nc * nc * (nc - 1));
    return num / den;
  }

  /** Effect variance (gbstats frequentist_variance_all_cases). */
  static double variance(GroupStatistic c, GroupStatistic t, Scale scale) {
    if (scale == Scale.RELATIVE) {
      if (c instanceof CupedStatistic cc && t instanceof CupedStatistic ct) {
        return RelativeCupedVariance.of(cc, ct);
      }
      if (c instanceof CupedRatioStatistic cc && t instanceof CupedRatioStatistic ct) {
        return RelativeCupedVariance.ofRatio(cc, ct);
      }
      // Delta method, groups independent (docs/statistics.md §2).
      double muC = c.unadjustedMean();
      double muT = t.unadjustedMean();
      return t.variance() / (t.n() * muC * muC)
          + c.variance() * muT * muT / (c.n() * Math.pow(muC, 4));
    }
    return t.variance() / t.n() + c.variance() / c.n();
  }

  private static Effect degenerate(
      Scale scale, double var, double df, long n, double muC, Reason reason) {
    return new Effect(scale, 0, 0, var, Double.isFinite(df) ? df : 1, n, muC, reason);
  }
}
