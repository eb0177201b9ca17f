package campaignlift.evaluation;

import campaignlift.stats.CovariateSums;
import campaignlift.stats.GroupSums;

/**
 * The sufficient statistics of one metric in one group × segment as the statistics engine reads
 * them: n, Σy, Σy², Σx, Σx², Σxy (docs/statistics.md §1). They are summed exactly in {@link
 * CampaignCells} and each rounded once to a double here, so the same users folded in any order, or
 * shards merged in any grouping, give bit-identical values.
 */
public record CellSums(
    long n,
    double sum,
    double sumSquares,
    double covariateSum,
    double covariateSumSquares,
    double crossSum) {

  /** The statistics engine's input, with the covariate when CUPED is wanted. */
  public GroupSums toGroupSums(boolean withCovariate) {
    return new GroupSums(
        n,
        sum,
        sumSquares,
        withCovariate ? new CovariateSums(covariateSum, covariateSumSquares, crossSum) : null);
  }
}
