package campaignlift.stats;

/**
 * CUPED for a ratio metric (gbstats {@code RegressionAdjustedRatioStatistic}): numerator M and
 * denominator D, post- and pre-exposure, with all six cross products Σ(a·b).
 *
 * <p>m_adj = R_post − θR_pre; per-unit variance ∇ᵀΛ∇ with β = (m̄_post, d̄_post, m̄_pre, d̄_pre), Λ
 * the 4×4 per-unit covariance matrix and ∇ = (1/β₁, −β₀/β₁², −θ/β₃, θβ₂/β₃²) (docs/statistics.md
 * §4).
 */
record CupedRatioStatistic(
    SumStatistic mPost,
    SumStatistic dPost,
    SumStatistic mPre,
    SumStatistic dPre,
    double mPostMPre,
    double dPostDPre,
    double mPreDPre,
    double mPostDPost,
    double mPostDPre,
    double mPreDPost,
    double theta)
    implements GroupStatistic {
  /** Checks that all four variables share n. */
  CupedRatioStatistic {
    long n = mPost.n();
    if (dPost.n() != n || mPre.n() != n || dPre.n() != n) {
      throw new IllegalArgumentException("all four variables must have the same n");
    }
    Checks.finite(theta, "theta");
  }

  /** Same sums with another θ. */
  CupedRatioStatistic withTheta(double t) {
    return new CupedRatioStatistic(
        mPost,
        dPost,
        mPre,
        dPre,
        mPostMPre,
        dPostDPre,
        mPreDPre,
        mPostDPost,
        mPostDPre,
        mPreDPost,
        t);
  }

  @Override
  public long n() {
    return mPost.n();
  }

  /** R_post = ΣM_post/ΣD_post (0 if ΣD_post = 0). */
  double meanPost() {
    return dPost.sum() == 0 ? 0 : mPost.sum() / dPost.sum();
  }

  /** R_pre = ΣM_pre/ΣD_pre (0 if ΣD_pre = 0). */
  double meanPre() {
    return dPre.sum() == 0 ? 0 : mPre.sum() / dPre.sum();
  }

  @Override
  public double mean() {
    if (dPost.sum() == 0 || dPre.sum() == 0) {
      return 0;
    }
    return meanPost() - theta * meanPre();
  }

  @Override
  public double unadjustedMean() {
    return meanPost();
  }

  /** β = per-unit means of (M_post, D_post, M_pre, D_pre). */
  double[] beta() {
    return new double[] {mPost.mean(), dPost.mean(), mPre.mean(), dPre.mean()};
  }

  /** Λ, the 4×4 per-unit covariance matrix in the order of {@link #beta()}. */
  double[][] lambda() {
    long n = n();
    double a = Covariance.of(n, mPost, dPost, mPostDPost);
    double b = Covariance.of(n, mPost, mPre, mPostMPre);
    double c = Covariance.of(n, mPost, dPre, mPostDPre);
    double d = Covariance.of(n, dPost, mPre, mPreDPost);
    double e = Covariance.of(n, dPost, dPre, dPostDPre);
    double f = Covariance.of(n, mPre, dPre, mPreDPre);
    return new double[][] {
      {mPost.variance(), a, b, c},
      {a, dPost.variance(), d, e},
      {b, d, mPre.variance(), f},
      {c, e, f, dPre.variance()}
    };
  }

  /** ∇ of the adjusted ratio w.r.t. β for the given θ; zeros if β₁ or β₃ is 0 (as gbstats). */
  double[] nabla(double th) {
    double[] b = beta();
    if (b[1] == 0 || b[3] == 0) {
      return new double[4];
    }
    return new double[] {1 / b[1], -b[0] / (b[1] * b[1]), -th / b[3], th * b[2] / (b[3] * b[3])};
  }

  @Override
  public double variance() {
    double[] g = nabla(theta);
    return Matrices.quadraticForm(g, lambda(), g);
  }
}
