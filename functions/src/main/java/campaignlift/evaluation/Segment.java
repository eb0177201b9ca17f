package campaignlift.evaluation;

/**
 * A result segment: {@code all/all}, {@code userType/new|existing}, or a campaign segment attribute
 * and its value ({@code (none)} when missing).
 */
public record Segment(String attribute, String value) implements Comparable<Segment> {
  public static final Segment ALL = new Segment("all", "all");
  public static final String USER_TYPE = "userType";
  public static final Segment NEW_USERS = new Segment(USER_TYPE, "new");
  public static final Segment EXISTING_USERS = new Segment(USER_TYPE, "existing");
  public static final String NONE = "(none)";

  @Override
  public int compareTo(Segment o) {
    int a = attribute.compareTo(o.attribute);
    return a != 0 ? a : value.compareTo(o.value);
  }
}
