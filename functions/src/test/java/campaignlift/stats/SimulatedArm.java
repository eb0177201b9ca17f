package campaignlift.stats;

import java.util.function.DoubleSupplier;

/**
 * One simulated arm: per-user values folded, one user at a time, into the sums the engine is fed
 * (docs/statistics.md §1), with the pre-exposure covariate when one is given.
 */
final class SimulatedArm {
  private long n;
  private double sum;
  private double sumSquares;
  private boolean covariate;
  private double covariateSum;
  private double covariateSumSquares;
  private double crossSum;

  /** Adds one user's value y. */
  void add(double y) {
    n++;
    sum += y;
    sumSquares += y * y;
  }

  /** Adds one user's value y and covariate x (the same metric before exposure). */
  void add(double y, double x) {
    add(y);
    covariate = true;
    covariateSum += x;
    covariateSumSquares += x * x;
    crossSum += x * y;
  }

  GroupSums sums() {
    return covariate
        ? new GroupSums(
            n, sum, sumSquares, new CovariateSums(covariateSum, covariateSumSquares, crossSum))
        : GroupSums.of(n, sum, sumSquares);
  }

  /** Adds {@code users} users to each arm, alternating control and treatment draws. */
  static void fill(
      SimulatedArm control,
      SimulatedArm treatment,
      int users,
      DoubleSupplier controlValue,
      DoubleSupplier treatmentValue) {
    for (int i = 0; i < users; i++) {
      control.add(controlValue.getAsDouble());
      treatment.add(treatmentValue.getAsDouble());
    }
  }
}
