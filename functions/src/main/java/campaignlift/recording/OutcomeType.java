package campaignlift.recording;

import java.util.Locale;

/** The outcome events campaign-lift measures (docs/api.md). */
public enum OutcomeType {
  SIGNUP,
  ACTIVITY,
  PURCHASE,
  /** An answer to an NPS or CSAT survey ({@link SurveyKind}), with its score. */
  SURVEY,
  /** The user cancelled (churned): counts towards {@code cancellationRate}. */
  CANCELLATION,
  /**
   * Money returned to the user: its {@code value} is subtracted from the user's revenue in the
   * window it falls in (docs/metrics.md); purchase counts are unchanged.
   */
  REFUND;

  /** The wire names of every type, quoted and comma-separated, for problem texts. */
  public static String wireNames() {
    StringBuilder out = new StringBuilder();
    for (OutcomeType t : values()) {
      out.append(out.length() == 0 ? "" : ", ").append('"').append(t.wireName()).append('"');
    }
    return out.toString();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type for a wire name, or null. */
  public static OutcomeType fromWire(String value) {
    for (OutcomeType t : values()) {
      if (t.wireName().equals(value)) {
        return t;
      }
    }
    return null;
  }
}
