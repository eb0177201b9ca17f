package campaignlift.stats;

/**
 * One simulated arm of a ratio metric: per-user numerator M and denominator D (and, when given, the
 * same before exposure) folded one user at a time into the sums {@link LiftAnalysis#compareRatio}
 * is fed (docs/statistics.md §11).
 */
final class SimulatedRatioArm {
  private long n;
  private final double[] post = new double[5];
  private final double[] pre = new double[9];
  private boolean covariate;

  /** Adds one user's numerator m and denominator d. */
  void add(double m, double d) {
    n++;
    post[0] += m;
    post[1] += m * m;
    post[2] += d;
    post[3] += d * d;
    post[4] += m * d;
  }

  /** Adds one user with the pre-exposure numerator and denominator. */
  void add(double m, double d, double mPre, double dPre) {
    add(m, d);
    covariate = true;
    pre[0] += mPre;
    pre[1] += mPre * mPre;
    pre[2] += dPre;
    pre[3] += dPre * dPre;
    pre[4] += mPre * dPre;
    pre[5] += m * mPre;
    pre[6] += d * dPre;
    pre[7] += m * dPre;
    pre[8] += mPre * d;
  }

  /** Users who answered (D = 1 for a survey ratio). */
  long answered() {
    return Math.round(post[2]);
  }

  long users() {
    return n;
  }

  RatioSums sums() {
    RatioCovariateSums x =
        covariate
            ? new RatioCovariateSums(
                pre[0], pre[1], pre[2], pre[3], pre[4], pre[5], pre[6], pre[7], pre[8])
            : null;
    return new RatioSums(n, post[0], post[1], post[2], post[3], post[4], x);
  }
}
