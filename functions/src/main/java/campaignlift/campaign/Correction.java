package campaignlift.campaign;

import java.util.Locale;

/** Multiple-testing correction applied across all result rows of an evaluation. */
public enum Correction {
  BH,
  HOLM,
  NONE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Correction fromWire(String value) {
    for (Correction c : values()) {
      if (c.wireName().equals(value)) {
        return c;
      }
    }
    return null;
  }
}
