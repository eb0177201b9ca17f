package campaignlift.recording;

import campaignlift.campaign.Assignment;
import campaignlift.campaign.Campaign;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

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

  /**
   * The dedupe key of this exposure in {@code campaign}: campaign, user and a digest of everything
   * it says (time to the millisecond, resolved group, attributes, userCreatedAt). Two deliveries of
   * one exposure share a key; exposures that differ in anything do not, so which of two same-time
   * exposures wins never depends on arrival. {@code #} cannot occur in an identifier, so these keys
   * never collide with outcome event ids in the same table (docs/write-path.md).
   */
  public String dedupeKey(Campaign campaign) {
    String resolved = group != null ? group : Assignment.assign(campaign, userId).name();
    StringBuilder content = new StringBuilder();
    content.append(at.toEpochMilli()).append('\n').append(resolved).append('\n');
    new TreeMap<>(attributes)
        .forEach((k, v) -> content.append(k).append('=').append(v).append('\n'));
    content.append(userCreatedAt == null ? "" : userCreatedAt.toEpochMilli());
    return "x#" + campaign.campaignId() + "#" + userId + "#" + Digests.sha256(content);
  }
}
