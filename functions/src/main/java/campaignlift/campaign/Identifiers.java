package campaignlift.campaign;

import campaignlift.domain.InvalidInputException;
import java.util.regex.Pattern;

/**
 * docs/api.md identifiers (campaign, user, event and group ids): 1–128 characters of {@code
 * [A-Za-z0-9._:@-]}, not made only of dots (docs/value-domain.md).
 */
public final class Identifiers {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

  private Identifiers() {}

  public static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches() && !onlyDots(id);
  }

  /**
   * Identifiers become parts of object keys and URL paths, where {@code .} and {@code ..} mean
   * "this folder" and "the parent folder": an id made only of dots could lead a key out of its
   * prefix.
   */
  private static boolean onlyDots(String id) {
    return id.chars().allMatch(c -> c == '.');
  }

  /** The problem text for an invalid identifier, shared so every endpoint words it the same way. */
  public static String rule() {
    return "must be 1-128 characters of A-Z a-z 0-9 . _ : @ - and not only dots";
  }

  /** The refusal of a {@code campaignId} path segment that is not an identifier. */
  public static InvalidInputException invalidCampaignId() {
    return InvalidInputException.identifier("campaign", "campaignId", rule());
  }
}
