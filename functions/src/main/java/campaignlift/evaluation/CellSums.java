package campaignlift.evaluation;

import campaignlift.stats.CovariateSums;
import campaignlift.stats.GroupSums;

/**
 * Mutable sufficient statistics of one metric in one group × segment: n, Σy, Σy², Σx, Σx², Σxy
 * (docs/statistics.md §1). A fixed size whatever the number of users folded in. The sums are kept
 * exactly ({@link ExactSum}) and rounded once when read, so the same users folded in any order, or
 * shards merged in any grouping, give bit-identical statistics: folding a segment value into {@code
 * (other)} is then exactly the sum of that value's cells.
 */
public final class CellSums {
  private long n;
  private final ExactSum sum;
  private final ExactSum sumSquares;
  private final ExactSum covariateSum;
  private final ExactSum covariateSumSquares;
  private final ExactSum crossSum;

  public CellSums() {
    this(0, 0, 0, 0, 0, 0);
  }

  public CellSums(
      long n,
      double sum,
      double sumSquares,
      double covariateSum,
      double covariateSumSquares,
      double crossSum) {
    this.n = n;
    this.sum = new ExactSum(sum);
    this.sumSquares = new ExactSum(sumSquares);
    this.covariateSum = new ExactSum(covariateSum);
    this.covariateSumSquares = new ExactSum(covariateSumSquares);
    this.crossSum = new ExactSum(crossSum);
  }

  /** Folds one user's value y and covariate x in. */
  public void add(double y, double x) {
    n++;
    sum.add(y);
    sumSquares.add(y * y);
    covariateSum.add(x);
    covariateSumSquares.add(x * x);
    crossSum.add(x * y);
  }

  /** Adds another partial aggregate (e.g. another shard's, or a folded segment value's). */
  public void merge(CellSums o) {
    n += o.n;
    sum.merge(o.sum);
    sumSquares.merge(o.sumSquares);
    covariateSum.merge(o.covariateSum);
    covariateSumSquares.merge(o.covariateSumSquares);
    crossSum.merge(o.crossSum);
  }

  public long n() {
    return n;
  }

  public double sum() {
    return sum.value();
  }

  public double sumSquares() {
    return sumSquares.value();
  }

  public double covariateSum() {
    return covariateSum.value();
  }

  public double covariateSumSquares() {
    return covariateSumSquares.value();
  }

  public double crossSum() {
    return crossSum.value();
  }

  /** The statistics engine's input, with the covariate when CUPED is wanted. */
  public GroupSums toGroupSums(boolean withCovariate) {
    return new GroupSums(
        n,
        sum(),
        sumSquares(),
        withCovariate
            ? new CovariateSums(covariateSum(), covariateSumSquares(), crossSum())
            : null);
  }
}
