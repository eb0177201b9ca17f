package campaignlift.stats;

/**
 * Per-group sufficient statistics reduced to the per-unit moments of docs/statistics.md §1.
 *
 * <p>{@link #mean()} and {@link #variance()} are the (possibly CUPED-adjusted) per-unit mean and
 * variance; {@link #unadjustedMean()} is the mean without regression adjustment. None of the
 * methods throws or returns NaN for finite inputs with n ≥ 0.
 */
sealed interface GroupStatistic
    permits SumStatistic, RatioStatistic, CupedStatistic, CupedRatioStatistic {

  /** Number of units (users) in the group. */
  long n();

  /** Per-unit (adjusted) mean. */
  double mean();

  /** Per-unit (adjusted) variance; 0 when it cannot be estimated (e.g. n ≤ 1). */
  double variance();

  /** The mean without regression adjustment (equals {@link #mean()} unless CUPED). */
  default double unadjustedMean() {
    return mean();
  }

  /** sqrt(variance), or 0 if the variance is not positive. */
  default double stddev() {
    double v = variance();
    return v <= 0 ? 0 : Math.sqrt(v);
  }
}
