package campaignlift.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Kaplan–Meier product-limit estimate with Greenwood standard errors (Kaplan &amp; Meier 1958;
 * Greenwood 1926; docs/statistics.md §12).
 *
 * <p>Ŝ(t) = Π_{t_j ≤ t} (1 − d_j/n_j), with users censored at t at risk at t. Var Ŝ(t) = Ŝ(t)²
 * Σ_{t_j ≤ t} d_j/(n_j(n_j − d_j)). Once Ŝ reaches 0 (n_j = d_j) the SE is NaN, as in R's {@code
 * survfit}. Days after everyone has left carry the last Ŝ forward with nobody at risk.
 */
final class KaplanMeier {
  private KaplanMeier() {}

  /** One point per day 1..horizon, or an empty curve for an arm without users. */
  static List<SurvivalPoint> curve(DailySurvival arm) {
    List<SurvivalPoint> out = new ArrayList<>(arm.horizonDays());
    if (arm.users() == 0) {
      return out;
    }
    long[] atRisk = arm.atRisk();
    double s = 1;
    double greenwood = 0;
    for (int t = 1; t <= arm.horizonDays(); t++) {
      long n = atRisk[t];
      long d = arm.eventsAt(t);
      if (d > 0) {
        s *= 1 - (double) d / n;
        // n = d empties the risk set: Ŝ = 0 and the Greenwood sum is infinite (SE NaN below).
        greenwood += n > d ? (double) d / ((double) n * (n - d)) : Double.POSITIVE_INFINITY;
      }
      double se = s > 0 ? s * Math.sqrt(greenwood) : Double.NaN;
      out.add(new SurvivalPoint(t, s, n, d, se));
    }
    return out;
  }
}
