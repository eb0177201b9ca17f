package campaignlift.evaluation.result;

/**
 * A result segment: {@code all/all}, {@code userType/new|existing}, or a campaign segment attribute
 * and its value: {@code (none)} when the enrolment has no value for the attribute, {@code (other)}
 * for every value folded together because it did not get a segment of its own (see {@code
 * Accumulator.valuesPerAttribute}).
 */
public record Segment(String attribute, String value) implements Comparable<Segment> {
  public static final Segment ALL = new Segment("all", "all");
  public static final String USER_TYPE = "userType";
  public static final Segment NEW_USERS = new Segment(USER_TYPE, "new");
  public static final Segment EXISTING_USERS = new Segment(USER_TYPE, "existing");
  public static final String NONE = "(none)";
  public static final String OTHER = "(other)";

  /** Whether a value is one of the names the evaluator gives segments itself. */
  public static boolean isReserved(String value) {
    return NONE.equals(value) || OTHER.equals(value);
  }

  @Override
  public int compareTo(Segment o) {
    int a = attribute.compareTo(o.attribute);
    return a != 0 ? a : value.compareTo(o.value);
  }
}
