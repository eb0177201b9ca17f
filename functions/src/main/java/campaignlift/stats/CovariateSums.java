package campaignlift.stats;

/**
 * CUPED inputs of one group: Σx, Σx² and Σxy, x the same metric measured before exposure.
 *
 * @throws IllegalArgumentException if a sum is not finite
 */
public record CovariateSums(double sum, double sumSquares, double crossSum) {
  /** Validates the sums. */
  public CovariateSums {
    Checks.finite(sum, "covariateSum");
    Checks.finite(sumSquares, "covariateSumSquares");
    Checks.finite(crossSum, "crossSum");
  }
}
