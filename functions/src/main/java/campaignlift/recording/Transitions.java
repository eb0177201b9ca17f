package campaignlift.recording;

import campaignlift.campaign.Assignment;
import campaignlift.campaign.Campaign;
import campaignlift.campaign.Shards;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The pure state transitions of the write path: from a user's state as read and the records of a
 * batch, the state to write. No I/O: the recorder reads, calls these, and commits conditionally on
 * the version read.
 */
final class Transitions {
  private Transitions() {}

  /**
   * Earliest exposure first; ties broken by group then attributes, so the winner never depends on
   * arrival.
   */
  static final Comparator<Exposure> EARLIEST =
      Comparator.comparing(Exposure::at)
          .thenComparing(x -> x.group() == null ? "" : x.group())
          .thenComparing(x -> new TreeMap<>(x.attributes()).toString());

  /** Own outcome events of {@code state}'s user, or referral sign-ups crediting them. */
  static UserChange outcomes(UserState state, List<LoggedEvent> events) {
    UserRecord user = state.user();
    Instant known = user.firstKnownAt();
    for (LoggedEvent e : events) {
      if (!e.referral()) {
        known = min(known, e.at());
      }
    }
    boolean knownChanged = !java.util.Objects.equals(known, user.firstKnownAt());
    List<Enrolment> changed = new ArrayList<>();
    for (Enrolment enrolment : state.enrolments().values()) {
      Counters delta = Counters.ZERO;
      for (LoggedEvent e : events) {
        delta = delta.plus(Attribution.of(enrolment.t0(), enrolment.windowDays(), e));
      }
      if (!delta.isZero() || knownChanged) {
        changed.add(
            enrolment.withCounters(enrolment.counters().plus(delta)).withFirstKnownAt(known));
      }
    }
    UserRecord next = new UserRecord(user.userId(), user.version() + 1, known, user.enrolments());
    return new UserChange(user.version(), next, changed, events);
  }

  /** Tally of one user's exposures in a batch. */
  record ExposureTally(int accepted, int duplicates, int conflicts, int refused) {}

  /**
   * The outcome of one user's exposures to one campaign.
   *
   * @param change what to commit, or null when nothing is new (every exposure was already recorded,
   *     or the user was refused): a redelivery costs reads, never writes
   * @param newKeys dedupe keys of the exposures recorded by {@code change}, to be put with {@code
   *     attribute_not_exists} in the same transaction
   */
  record ExposureResult(UserChange change, Set<String> newKeys, ExposureTally tally) {}

  /**
   * Records {@code exposures} (all of one user) in {@code campaign}. Exposures whose key is in
   * {@code recorded} (or repeated within the batch) are duplicates and change nothing. {@code log}
   * is read only when the enrolment is created or moves to an earlier exposure, to rebuild its
   * counters from every event it now covers. A user already enrolled in {@link
   * UserRecord#MAX_ENROLMENTS} other campaigns is refused (nothing written).
   */
  static ExposureResult exposures(
      UserState state,
      Campaign campaign,
      List<Exposure> exposures,
      Set<String> recorded,
      Supplier<List<LoggedEvent>> log) {
    UserRecord user = state.user();
    String userId = user.userId();
    Enrolment existing = state.enrolments().get(campaign.campaignId());
    if (existing == null && user.enrolments().size() >= UserRecord.MAX_ENROLMENTS) {
      return new ExposureResult(null, Set.of(), new ExposureTally(0, 0, 0, exposures.size()));
    }
    List<Exposure> sorted = new ArrayList<>(exposures);
    sorted.sort(EARLIEST);

    Set<String> newKeys = new HashSet<>();
    Set<String> groups = new HashSet<>(existing == null ? Set.of() : existing.groupsSeen());
    Map<Exposure, String> named = new HashMap<>();
    List<Exposure> accepted = new ArrayList<>();
    Instant known = user.firstKnownAt();
    for (Exposure x : sorted) {
      String key = x.dedupeKey(campaign);
      if (recorded.contains(key) || !newKeys.add(key)) {
        continue;
      }
      String group = x.group() != null ? x.group() : Assignment.assign(campaign, userId).name();
      named.put(x, group);
      groups.add(group);
      known = x.userCreatedAt() == null ? known : min(known, x.userCreatedAt());
      accepted.add(x);
    }
    int duplicates = exposures.size() - accepted.size();
    if (accepted.isEmpty()) {
      return new ExposureResult(null, Set.of(), new ExposureTally(0, duplicates, 0, 0));
    }

    Exposure earliest = accepted.get(0);
    Exposure earliestNamed =
        new Exposure(
            userId,
            earliest.at(),
            named.get(earliest),
            earliest.attributes(),
            earliest.userCreatedAt());
    boolean moves =
        existing == null
            || EARLIEST.compare(
                    earliestNamed,
                    new Exposure(
                        userId, existing.t0(), existing.group(), existing.attributes(), null))
                < 0;
    int window = campaign.windowDays();
    long distinct = (existing == null ? 0 : existing.exposures()) + accepted.size();
    Enrolment enrolment;
    if (moves) {
      Counters counters = Counters.ZERO;
      for (LoggedEvent e : log.get()) {
        counters = counters.plus(Attribution.of(earliest.at(), window, e));
      }
      enrolment =
          new Enrolment(
              campaign.campaignId(),
              userId,
              Shards.of(userId, campaign.shards()),
              named.get(earliest),
              earliest.at(),
              window,
              earliest.attributes(),
              groups,
              distinct,
              known,
              counters);
    } else {
      enrolment =
          new Enrolment(
              existing.campaignId(),
              userId,
              existing.shard(),
              existing.group(),
              existing.t0(),
              existing.windowDays(),
              existing.attributes(),
              groups,
              distinct,
              known,
              existing.counters());
    }
    int conflicts = 0;
    for (Exposure x : accepted) {
      conflicts += named.get(x).equals(enrolment.group()) ? 0 : 1;
    }

    List<Enrolment> changed = new ArrayList<>();
    changed.add(enrolment);
    if (!java.util.Objects.equals(known, user.firstKnownAt())) {
      for (Enrolment other : state.enrolments().values()) {
        if (!other.campaignId().equals(campaign.campaignId())) {
          changed.add(other.withFirstKnownAt(known));
        }
      }
    }
    Map<String, UserRecord.EnrolmentRef> refs = new HashMap<>(user.enrolments());
    refs.put(
        campaign.campaignId(),
        new UserRecord.EnrolmentRef(enrolment.shard(), enrolment.t0(), enrolment.windowDays()));
    UserRecord next = new UserRecord(userId, user.version() + 1, known, refs);
    return new ExposureResult(
        new UserChange(user.version(), next, changed, List.of()),
        newKeys,
        new ExposureTally(accepted.size() - conflicts, duplicates, conflicts, 0));
  }

  private static Instant min(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }
}
