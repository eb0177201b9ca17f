package campaignlift.evaluation;

import campaignlift.stats.CovariateSums;
import campaignlift.stats.GroupSums;

/**
 * Mutable sufficient statistics of one metric in one group × segment: n, Σy, Σy², Σx, Σx², Σxy
 * (STATS §1), in doubles. A fixed size whatever the number of users folded in.
 */
public final class Sums {
  private long n;
  private double sum;
  private double sumSquares;
  private double covariateSum;
  private double covariateSumSquares;
  private double crossSum;

  public Sums() {}

  public Sums(
      long n,
      double sum,
      double sumSquares,
      double covariateSum,
      double covariateSumSquares,
      double crossSum) {
    this.n = n;
    this.sum = sum;
    this.sumSquares = sumSquares;
    this.covariateSum = covariateSum;
    this.covariateSumSquares = covariateSumSquares;
    this.crossSum = crossSum;
  }

  /** Folds one user's value y and covariate x in. */
  public void add(double y, double x) {
    n++;
    sum += y;
    sumSquares += y * y;
    covariateSum += x;
    covariateSumSquares += x * x;
    crossSum += x * y;
  }

  /** Adds another partial aggregate (e.g. another shard's). */
  public void merge(Sums o) {
    n += o.n;
    sum += o.sum;
    sumSquares += o.sumSquares;
    covariateSum += o.covariateSum;
    covariateSumSquares += o.covariateSumSquares;
    crossSum += o.crossSum;
  }

  public long n() {
    return n;
  }

  public double sum() {
    return sum;
  }

  public double sumSquares() {
    return sumSquares;
  }

  public double covariateSum() {
    return covariateSum;
  }

  public double covariateSumSquares() {
    return covariateSumSquares;
  }

  public double crossSum() {
    return crossSum;
  }

  /** The statistics engine's input, with the covariate when CUPED is wanted. */
  public GroupSums toGroupSums(boolean withCovariate) {
    return new GroupSums(
        n,
        sum,
        sumSquares,
        withCovariate ? new CovariateSums(covariateSum, covariateSumSquares, crossSum) : null);
  }
}
