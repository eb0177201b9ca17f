package campaignlift.stats;

/**
 * Sample-ratio-mismatch p-value: Pearson χ² goodness of fit, X² = Σ(o_i − e_i)²/e_i with e_i =
 * w_i/Σw·Σo (docs/statistics.md §6). GrowthBook has two implementations that disagree when a weight
 * is 0.
 */
public final class Srm {
  /** GrowthBook's SRM alert threshold (DEFAULT_SRM_THRESHOLD). */
  public static final double DEFAULT_THRESHOLD = 0.001;

  /** Which GrowthBook implementation to reproduce. */
  public enum Variant {
    /**
     * TypeScript checkSrm (app health check): zero-weight arms dropped from totals and df; df = k −
     * 1; p = 1 if fewer than 2 arms remain or the total is 0.
     */
    BACKEND,
    /**
     * Python check_srm (gbstats {@code srm} field): zero-weight arms skipped in X² but counted in
     * the total and df = len(users) − 1; p = 1 if the total is 0. Deviation: a single arm gives 1
     * instead of gbstats' NaN.
     */
    GBSTATS
  }

  private Srm() {}

  /**
   * SRM p-value of observed {@code users} per arm against expected traffic {@code weights}.
   *
   * @throws IllegalArgumentException if the arrays differ in length or hold negative/non-finite
   *     values
   */
  public static double pValue(double[] users, double[] weights, Variant variant) {
    if (users.length != weights.length) {
      throw new IllegalArgumentException("users and weights must have the same length");
    }
    for (int i = 0; i < users.length; i++) {
      if (!(users[i] >= 0) || !(weights[i] >= 0) || Double.isInfinite(users[i] + weights[i])) {
        throw new IllegalArgumentException("users and weights must be finite and >= 0");
      }
    }
    double totalUsers = 0;
    double totalWeight = 0;
    int arms = 0;
    for (int i = 0; i < users.length; i++) {
      if (variant == Variant.GBSTATS || weights[i] > 0) {
        totalUsers += users[i];
        totalWeight += weights[i];
        arms++;
      }
    }
    if (arms < 2 || totalUsers == 0 || totalWeight == 0) {
      return 1;
    }
    double x2 = 0;
    for (int i = 0; i < users.length; i++) {
      if (weights[i] > 0) {
        double expected = weights[i] / totalWeight * totalUsers;
        x2 += Math.pow(users[i] - expected, 2) / expected;
      }
    }
    return Distributions.chiSquareSurvival(x2, arms - 1);
  }
}
