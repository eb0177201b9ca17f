package campaignlift.recording;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user's enrolment in one campaign: defined by the user's earliest exposure (its time t0, group
 * and attributes), plus the groups exposures named (for conflict detection), how many distinct
 * exposures were recorded, and the {@link Counters} evaluation reads.
 *
 * <p>Its size is bounded whatever the user's history (docs/write-path.md): exposure identities live
 * in their own dedupe records, not here, so the item never grows with exposures.
 *
 * @param groupsSeen every group any exposure of the user named (at most the campaign's groups);
 *     more than one is a conflict
 * @param exposures distinct exposures recorded (redeliveries of one are not counted)
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
    long exposures,
    Instant firstKnownAt,
    Counters counters) {

  public Enrolment {
    attributes = Map.copyOf(attributes);
    groupsSeen = Set.copyOf(new TreeSet<>(groupsSeen));
  }

  public boolean conflict() {
    return groupsSeen.size() > 1;
  }

  /** Distinct exposures after the enrolling one (re-exposures), for {@code health.duplicates}. */
  public long repeatExposures() {
    return Math.max(0, exposures - 1);
  }

  public Enrolment withCounters(Counters c) {
    return with(firstKnownAt, c);
  }

  public Enrolment withFirstKnownAt(Instant known) {
    return with(known, counters);
  }

  private Enrolment with(Instant known, Counters c) {
    return new Enrolment(
        campaignId,
        userId,
        shard,
        group,
        t0,
        windowDays,
        attributes,
        groupsSeen,
        exposures,
        known,
        c);
  }
}
