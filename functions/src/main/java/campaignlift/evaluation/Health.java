package campaignlift.evaluation;

/**
 * Health checks of one evaluation.
 *
 * @param srmPValue sample-ratio-mismatch p-value of enrolled counts against the weights (backend
 *     variant of docs/statistics.md §6)
 * @param conflicts enrolments whose exposures named different groups (excluded)
 * @param duplicates repeat exposures: distinct exposures after each enrolment's first, summed
 * @param immatureExcluded enrolments left out because their window had not ended
 * @param unknownGroup enrolments under a group name the campaign does not declare (excluded)
 * @param segmentValues how each segment attribute's values were split between segments of their own
 *     and {@code (other)}; null in snapshots written before values were capped
 * @param unreadable stored enrolment items that could not be read and were left out (each logged
 *     with its key by the store)
 */
public record Health(
    double srmPValue,
    long conflicts,
    long duplicates,
    long immatureExcluded,
    long unknownGroup,
    SegmentValues segmentValues,
    long unreadable) {
  /** GrowthBook's SRM alert threshold. */
  public static final double SRM_THRESHOLD = 0.001;

  /** Health with no unreadable enrolment. */
  public Health(
      double srmPValue,
      long conflicts,
      long duplicates,
      long immatureExcluded,
      long unknownGroup,
      SegmentValues segmentValues) {
    this(srmPValue, conflicts, duplicates, immatureExcluded, unknownGroup, segmentValues, 0);
  }

  /** Health without segment value counts, as snapshots written before values were capped have. */
  public Health(
      double srmPValue, long conflicts, long duplicates, long immatureExcluded, long unknownGroup) {
    this(srmPValue, conflicts, duplicates, immatureExcluded, unknownGroup, null, 0);
  }

  public boolean srmMismatch() {
    return srmPValue < SRM_THRESHOLD;
  }
}
