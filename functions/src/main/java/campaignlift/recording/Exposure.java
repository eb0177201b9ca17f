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
  public Exposure {
    attributes = Map.copyOf(attributes);
  }
}
