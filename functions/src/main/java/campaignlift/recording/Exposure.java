package campaignlift.recording;

import java.time.Instant;
import java.util.Map;

/**
 * One validated exposure of a user to a campaign.
 *
 * @param group the explicit group, or null to assign deterministically
 * @param userCreatedAt when the user's account was created, or null
 */
public record Exposure(
    String userId,
    Instant at,
    String group,
    Map<String, String> attributes,
    Instant userCreatedAt) {

  /**
   * Attribute names and values of one exposure together, in UTF-8 bytes: the enrolment item keeps
   * them, and this keeps it well under 16 KB (docs/write-path.md).
   */
  public static final int MAX_ATTRIBUTE_BYTES = 4096;

  public Exposure {
    attributes = Map.copyOf(attributes);
  }
}
