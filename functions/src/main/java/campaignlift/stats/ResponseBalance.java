package campaignlift.stats;

/**
 * Do survey response rates differ between the arms? Two-sided pooled two-proportion z-test
 * (docs/statistics.md §16): p̂ = (a_C + a_T)/(n_C + n_T), z = (r_T − r_C)/√(p̂(1 − p̂)(1/n_C +
 * 1/n_T)), p = 2Φ(−|z|); this p equals that of Pearson's χ² test without continuity correction (R
 * {@code prop.test(correct = FALSE)}).
 *
 * <p>A survey metric compares only those who answered; if treatment changes who answers, the
 * comparison is biased. p &lt; {@link #THRESHOLD} (the SRM threshold, docs/statistics.md §6) flags
 * it as not balanced. Degenerate inputs (an arm without users, or every or no user answering) give
 * z = 0, p = 1, balanced; a rate without users is NaN.
 *
 * @param controlRate answered/users in control (NaN without users)
 * @param treatmentRate answered/users in treatment (NaN without users)
 * @param z the pooled z statistic, treatment − control
 * @param pValue two-sided p-value
 * @param balanced whether p ≥ {@link #THRESHOLD}
 */
public record ResponseBalance(
    double controlRate, double treatmentRate, double z, double pValue, boolean balanced) {
  /** The flagging threshold, the same as the SRM check's ({@link Srm#DEFAULT_THRESHOLD}). */
  public static final double THRESHOLD = Srm.DEFAULT_THRESHOLD;

  /**
   * Tests whether the response rates of the arms differ.
   *
   * @throws IllegalArgumentException if a count is negative or answered exceeds users
   */
  public static ResponseBalance test(
      long controlN, long controlAnswered, long treatmentN, long treatmentAnswered) {
    check(controlN, controlAnswered, "control");
    check(treatmentN, treatmentAnswered, "treatment");
    double rc = controlN == 0 ? Double.NaN : (double) controlAnswered / controlN;
    double rt = treatmentN == 0 ? Double.NaN : (double) treatmentAnswered / treatmentN;
    double pooled = (double) (controlAnswered + treatmentAnswered) / (controlN + treatmentN);
    double variance = pooled * (1 - pooled) * (1.0 / controlN + 1.0 / treatmentN);
    if (controlN == 0 || treatmentN == 0 || !(variance > 0)) {
      return new ResponseBalance(rc, rt, 0, 1, true);
    }
    double z = (rt - rc) / Math.sqrt(variance);
    double p = 2 * Distributions.normalCdf(-Math.abs(z));
    return new ResponseBalance(rc, rt, z, p, !(p < THRESHOLD));
  }

  private static void check(long n, long answered, String arm) {
    Checks.count(n, arm + " users");
    Checks.count(answered, arm + " answered");
    if (answered > n) {
      throw new IllegalArgumentException(arm + " answered must not exceed users");
    }
  }
}
