package campaignlift.evaluation;

/**
 * The sufficient statistics of one ratio metric in one group × segment (docs/statistics.md): n
 * users (every user of the cell, those with a zero denominator included, as gbstats' ratio metrics
 * count them), ΣM, ΣM², ΣD, ΣD², ΣMD of the numerator M and denominator D, and for a metric with a
 * pre-window covariate the pre-window sums for the regression-adjusted ratio.
 *
 * @param pre the pre-window sums, or null when the metric has none
 */
public record RatioCellSums(
    long n,
    double numeratorSum,
    double numeratorSumSquares,
    double denominatorSum,
    double denominatorSumSquares,
    double crossSum,
    Pre pre) {

  /**
   * Pre-window numerator and denominator sums and the cross-products gbstats'
   * RegressionAdjustedRatioStatistic needs (post M, D; pre M', D').
   *
   * @param mPostMPre Σ M·M'
   * @param dPostDPre Σ D·D'
   * @param mPreDPre Σ M'·D'
   * @param mPostDPre Σ M·D'
   * @param mPreDPost Σ M'·D
   */
  public record Pre(
      double numeratorSum,
      double numeratorSumSquares,
      double denominatorSum,
      double denominatorSumSquares,
      double mPostMPre,
      double dPostDPre,
      double mPreDPre,
      double mPostDPre,
      double mPreDPost) {}
}
