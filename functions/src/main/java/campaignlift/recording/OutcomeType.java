package campaignlift.recording;

import java.util.Locale;

/** The outcome events campaign-lift measures (docs/api.md). */
public enum OutcomeType {
  SIGNUP,
  ACTIVITY,
  PURCHASE;

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
