package campaignlift.stats;

/**
 * CUPED inputs of one group for a ratio metric M/D (gbstats {@code
 * RegressionAdjustedRatioStatistic}): the same numerator and denominator measured before exposure
 * (M_pre, D_pre), their squares, and the cross products that, with Σ(M·D) of {@link RatioSums},
 * complete the 4×4 covariance matrix of (M, D, M_pre, D_pre) (docs/statistics.md §11).
 *
 * @param numeratorSum ΣM_pre
 * @param numeratorSumSquares ΣM_pre²
 * @param denominatorSum ΣD_pre
 * @param denominatorSumSquares ΣD_pre²
 * @param crossSum Σ(M_pre·D_pre)
 * @param numeratorPostPre Σ(M·M_pre)
 * @param denominatorPostPre Σ(D·D_pre)
 * @param numeratorPostDenominatorPre Σ(M·D_pre)
 * @param numeratorPreDenominatorPost Σ(M_pre·D)
 */
public record RatioCovariateSums(
    double numeratorSum,
    double numeratorSumSquares,
    double denominatorSum,
    double denominatorSumSquares,
    double crossSum,
    double numeratorPostPre,
    double denominatorPostPre,
    double numeratorPostDenominatorPre,
    double numeratorPreDenominatorPost) {
  /** Validates the sums. */
  public RatioCovariateSums {
    Checks.finite(numeratorSum, "numeratorSum");
    Checks.finite(numeratorSumSquares, "numeratorSumSquares");
    Checks.finite(denominatorSum, "denominatorSum");
    Checks.finite(denominatorSumSquares, "denominatorSumSquares");
    Checks.finite(crossSum, "crossSum");
    Checks.finite(numeratorPostPre, "numeratorPostPre");
    Checks.finite(denominatorPostPre, "denominatorPostPre");
    Checks.finite(numeratorPostDenominatorPre, "numeratorPostDenominatorPre");
    Checks.finite(numeratorPreDenominatorPost, "numeratorPreDenominatorPost");
  }
}
