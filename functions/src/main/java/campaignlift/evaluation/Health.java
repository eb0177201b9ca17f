package campaignlift.evaluation;

/**
 * Health checks of one evaluation.
 *
 * @param srmPValue sample-ratio-mismatch p-value of enrolled counts against the weights (backend
 *     variant of STATS §6)
 * @param conflicts enrolments whose exposures named different groups (excluded)
 * @param duplicates exposure deliveries minus distinct exposures, summed over enrolments
 * @param immatureExcluded enrolments left out because their window had not ended
 * @param unknownGroup enrolments under a group name the campaign does not declare (excluded)
 * @param segmentValues how each segment attribute's values were split between segments of their own
 *     and {@code (other)}; null in snapshots written before values were capped
 */
public record Health(
    double srmPValue,
    long conflicts,
    long duplicates,
    long immatureExcluded,
    long unknownGroup,
    SegmentValues segmentValues) {
  /** GrowthBook's SRM alert threshold. */
  public static final double SRM_THRESHOLD = 0.001;

  /** Health without segment value counts, as snapshots written before values were capped have. */
  public Health(
      double srmPValue, long conflicts, long duplicates, long immatureExcluded, long unknownGroup) {
    this(srmPValue, conflicts, duplicates, immatureExcluded, unknownGroup, null);
  }

  public boolean srmMismatch() {
    return srmPValue < SRM_THRESHOLD;
  }
}
