package campaignlift.evaluation;

import campaignlift.stats.RatioCovariateSums;
import campaignlift.stats.RatioSums;

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
   * The statistics engine's sums; the pre-window sums only when CUPED is wanted and the metric has
   * them (gbstats' regression-adjusted ratio).
   */
  public RatioSums toRatioSums(boolean cuped) {
    RatioCovariateSums covariate =
        cuped && pre != null
            ? new RatioCovariateSums(
                pre.numeratorSum(),
                pre.numeratorSumSquares(),
                pre.denominatorSum(),
                pre.denominatorSumSquares(),
                pre.mPreDPre(),
                pre.mPostMPre(),
                pre.dPostDPre(),
                pre.mPostDPre(),
                pre.mPreDPost())
            : null;
    return new RatioSums(
        n,
        numeratorSum,
        numeratorSumSquares,
        denominatorSum,
        denominatorSumSquares,
        crossSum,
        covariate);
  }

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
