package campaignlift.evaluation.result;

import java.util.List;

/**
 * How each segment attribute's values were split between segments of their own and {@code (other)}
 * in one evaluation (health), with the rule's parameters, so a stored result explains itself even
 * if the rule's numbers change later.
 *
 * @param valuesPerAttribute K, values per attribute with a segment of their own
 * @param maxValueLength longer values are always folded
 * @param attributes per segment attribute, in declared order
 */
public record SegmentValues(
    int valuesPerAttribute, int maxValueLength, List<SegmentValues.Attribute> attributes) {

  public SegmentValues {
    attributes = List.copyOf(attributes);
  }

  /**
   * One attribute. Counts cover analysed enrolments.
   *
   * @param attribute the segment attribute
   * @param distinctValues distinct values seen, counted exactly up to {@code
   *     Accumulator.DISTINCT_COUNT_LIMIT}
   * @param distinctValuesExact false when there were more values than that (then {@code
   *     distinctValues} is the limit, a lower bound)
   * @param ownSegments values with a segment of their own (at most K)
   * @param foldedValues values folded into {@code (other)}: {@code distinctValues - ownSegments} (a
   *     lower bound when not exact)
   * @param foldedEnrolments analysed enrolments in {@code (other)}, all groups together
   */
  public record Attribute(
      String attribute,
      int distinctValues,
      boolean distinctValuesExact,
      int ownSegments,
      int foldedValues,
      long foldedEnrolments) {}
}
