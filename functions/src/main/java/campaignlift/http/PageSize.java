package campaignlift.http;

import java.util.List;

/** The {@code limit} query parameter of paginated routes. */
public final class PageSize {
  private PageSize() {}

  /**
   * @param raw the parameter as sent, or null
   * @return {@code fallback} when absent, else the value
   * @throws ApiException 400 naming {@code limit} unless it is an integer in [1, max]
   */
  public static int parse(String raw, int fallback, int max) {
    if (raw == null) {
      return fallback;
    }
    int size;
    try {
      size = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 1 || size > max) {
      throw ApiException.invalid(
          "The query is not valid.",
          List.of(Problem.of("limit", "must be an integer between 1 and " + max)));
    }
    return size;
  }
}
