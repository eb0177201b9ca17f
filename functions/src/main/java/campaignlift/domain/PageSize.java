package campaignlift.domain;

import java.util.regex.Pattern;

/** The {@code limit} query parameter of paginated routes. */
public final class PageSize {
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  private PageSize() {}

  /**
   * @param raw the parameter as sent, or null
   * @return {@code fallback} when absent, else the value
   * @throws InvalidInputException naming {@code limit} unless it is an integer in [1, max]
   */
  public static int parse(String raw, int fallback, int max) {
    if (raw == null) {
      return fallback;
    }
    // ASCII digits only: Integer.parseInt would also take "+10" and other scripts' digits ("١٠").
    int size = DIGITS.matcher(raw).matches() ? Integer.parseInt(raw) : -1;
    if (size < 1 || size > max) {
      throw InvalidInputException.query(
          Problem.of("limit", "must be an integer between 1 and " + max));
    }
    return size;
  }
}
