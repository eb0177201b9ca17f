package campaignlift.stats;

import java.util.List;

/**
 * One arm's survival summary (docs/statistics.md §12-13).
 *
 * @param users users in the arm
 * @param events observed events
 * @param curve Kaplan–Meier curve, one point per day 1..horizon; empty for an arm without users
 * @param rmst restricted mean survival time up to τ = horizon, in days; NaN without users
 * @param rmstVariance variance of {@code rmst} (Klein &amp; Moeschberger 2003, eq. 4.5.2); NaN
 *     without users
 */
public record ArmSurvival(
    long users, long events, List<SurvivalPoint> curve, double rmst, double rmstVariance) {
  /** Copies the curve. */
  public ArmSurvival {
    curve = List.copyOf(curve);
  }

  /** Standard error of {@code rmst}. */
  public double rmstSe() {
    return Math.sqrt(rmstVariance);
  }
}
