package campaignlift.stats;

import java.util.List;

/**
 * Restricted mean survival time up to τ and its variance (Royston &amp; Parmar 2013; Uno et al.
 * 2014; Klein &amp; Moeschberger 2003 §4.5; docs/statistics.md §13).
 *
 * <p>RMST = ∫₀^τ Ŝ(u) du; with daily steps Ŝ is constant on [k, k + 1), so RMST = Σ_{k=0}^{τ−1}
 * Ŝ(k) with Ŝ(0) = 1. Var = Σ_{t_j ≤ τ} A_j² d_j/(n_j(n_j − d_j)), A_j = ∫_{t_j}^τ Ŝ(u) du; terms
 * with n_j = d_j are 0 (there A_j = 0), as in R's {@code survfit} {@code se(rmean)}.
 */
final class RestrictedMean {
  private RestrictedMean() {}

  /** The arm's summary: users, events, curve, RMST and its variance (NaN without users). */
  static ArmSurvival of(DailySurvival arm) {
    List<SurvivalPoint> curve = KaplanMeier.curve(arm);
    if (curve.isEmpty()) {
      return new ArmSurvival(0, 0, curve, Double.NaN, Double.NaN);
    }
    int tau = arm.horizonDays();
    // tail[k] = ∫_k^τ Ŝ(u) du = Σ_{i=k}^{τ−1} Ŝ(i); curve.get(i − 1) is day i.
    double[] tail = new double[tau + 1];
    for (int k = tau - 1; k >= 0; k--) {
      double s = k == 0 ? 1 : curve.get(k - 1).survival();
      tail[k] = tail[k + 1] + s;
    }
    double variance = 0;
    for (SurvivalPoint p : curve) {
      long n = p.atRisk();
      long d = p.events();
      if (d > 0 && n > d) {
        double a = tail[p.day()];
        variance += a * a * d / ((double) n * (n - d));
      }
    }
    return new ArmSurvival(arm.users(), arm.totalEvents(), curve, tail[0], variance);
  }
}
