package campaignlift.recording;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Storage the write path needs. Implemented by the store package (DynamoDB transactions). */
public interface RecordingStore {

  /** The users' items and their enrolment items; users never written come back as version 0. */
  Map<String, UserState> load(Collection<String> userIds);

  /**
   * Which of {@code dedupeKeys} (outcome event ids, exposure keys) are already recorded. May read
   * eventually consistently: a key it misses is still caught by the commit's condition.
   */
  Set<String> recorded(Collection<String> dedupeKeys);

  /** Every entry of the user's event log, oldest first. */
  List<LoggedEvent> log(String userId);

  /** Largest number of items one commit may write (DynamoDB transactions: 100). */
  int maxItemsPerCommit();

  /**
   * Atomically applies every change and records {@code newEventIds} (outcome event ids or exposure
   * keys) as seen.
   *
   * @throws VersionConflict when a user's version moved since it was read (re-read and retry)
   * @throws DuplicateEvents when some event ids were already recorded (drop them and retry the
   *     rest)
   */
  void commit(List<UserChange> changes, Set<String> newEventIds);

  /** A user changed between read and commit. */
  final class VersionConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VersionConflict(String message) {
      super(message, null, false, false);
    }
  }

  /** Some events of the commit were already recorded by an earlier delivery. */
  final class DuplicateEvents extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Set<String> eventIds;

    public DuplicateEvents(Set<String> eventIds) {
      super("duplicate events: " + eventIds.size(), null, false, false);
      this.eventIds = Set.copyOf(eventIds);
    }

    public Set<String> eventIds() {
      return eventIds;
    }
  }
}
