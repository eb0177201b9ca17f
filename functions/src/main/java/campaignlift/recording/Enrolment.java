package campaignlift.recording;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user's enrolment in one campaign: defined by the user's earliest exposure (its time t0, group
 * and attributes), plus every exposure seen (for duplicate and conflict detection) and the {@link
 * Counters} evaluation reads.
 *
 * @param groupsSeen every group any exposure of the user named; more than one is a conflict
 * @param exposureKeys identities {@code epochMillis|group} of the distinct exposures recorded
 * @param deliveries exposure records received, duplicates included
 * @param firstKnownAt the user's first known time (userCreatedAt or earliest own event), or null
 */
public record Enrolment(
    String campaignId,
    String userId,
    int shard,
    String group,
    Instant t0,
    int windowDays,
    Map<String, String> attributes,
    Set<String> groupsSeen,
    Set<String> exposureKeys,
    long deliveries,
    Instant firstKnownAt,
    Counters counters) {

  public Enrolment {
    attributes = Map.copyOf(attributes);
    groupsSeen = Set.copyOf(new TreeSet<>(groupsSeen));
    exposureKeys = Set.copyOf(exposureKeys);
  }

  public boolean conflict() {
    return groupsSeen.size() > 1;
  }

  public Enrolment withCounters(Counters c) {
    return new Enrolment(
        campaignId,
        userId,
        shard,
        group,
        t0,
        windowDays,
        attributes,
        groupsSeen,
        exposureKeys,
        deliveries,
        firstKnownAt,
        c);
  }

  public Enrolment withFirstKnownAt(Instant known) {
    return new Enrolment(
        campaignId,
        userId,
        shard,
        group,
        t0,
        windowDays,
        attributes,
        groupsSeen,
        exposureKeys,
        deliveries,
        known,
        counters);
  }
}
