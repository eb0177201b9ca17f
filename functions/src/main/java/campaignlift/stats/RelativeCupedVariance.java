package campaignlift.stats;

/**
 * Delta-method variances of the relative CUPED lift, exactly as gbstats computes them
 * (docs/statistics.md §4).
 */
final class RelativeCupedVariance {
  private RelativeCupedVariance() {}

  /**
   * gbstats frequentist_variance_relative_cuped: Var_r = v_adj,T/(n_T ȳ_C²) + [v_y,C ȳ_T²/ȳ_C² −
   * 2θc_xy,C ȳ_T/ȳ_C + θ²v_x,C]/(n_C ȳ_C²). Deviation (docs/statistics.md §10.7): the control
   * gradient drops the θ(x̄_T − x̄_C) term. Returns 0 if ȳ_C = 0.
   */
  static double of(CupedStatistic a, CupedStatistic b) {
    double yc = a.unadjustedMean();
    double denT = b.n() * yc * yc;
    double denC = a.n() * yc * yc;
    if (denT == 0 || denC == 0) {
      return 0;
    }
    double theta = a.theta();
    double numT =
        b.post().variance() + theta * theta * b.pre().variance() - 2 * theta * b.covariance();
    double k = -b.post().mean();
    double numA = a.post().variance() * k * k / (yc * yc);
    double numB = 2 * theta * a.covariance() * k / yc;
    double numC = theta * theta * a.pre().variance();
    return numT / denT + (numA + numB + numC) / denC;
  }

  /**
   * gbstats frequentist_variance_relative_cuped_ratio: exact delta-method gradient of (R_adj,T −
   * R_adj,C)/|R_post,C|, each arm's quadratic form divided by its n. Returns 0 if R_post,C or the
   * control's mean post denominator is 0.
   */
  static double ofRatio(CupedRatioStatistic a, CupedRatioStatistic b) {
    double[] betaA = a.beta();
    if (a.unadjustedMean() == 0 || betaA[1] == 0) {
      return 0;
    }
    // d|R_C|/dR_C = sign(R_C): the older gbstats gradient assumed a positive baseline; the sign
    // term reproduces the published negative-baseline figures (TestEffectMomentsCupedRatio...).
    double gAbs = Math.signum(a.unadjustedMean()) * (b.mean() - a.mean());
    double den = Math.abs(a.unadjustedMean());
    double den2 = den * den;
    double dPost = betaA[1];
    double mPost = betaA[0];
    double[] nablaA0 = a.nabla(a.theta());
    double[] nablaA = {
      -(den + gAbs) / dPost / den2,
      (mPost * den / (dPost * dPost) + mPost * gAbs / (dPost * dPost)) / den2,
      -nablaA0[2] / den,
      -nablaA0[3] / den
    };
    double[] nablaB = b.nabla(b.theta());
    for (int i = 0; i < 4; i++) {
      nablaB[i] /= den;
    }
    return Matrices.quadraticForm(nablaA, a.lambda(), nablaA) / a.n()
        + Matrices.quadraticForm(nablaB, b.lambda(), nablaB) / b.n();
  }
}
