package campaignlift.recording;

import java.util.List;

/**
 * What one commit writes for one user: the new user item (conditioned on the version read), the
 * enrolment items that changed, and new event-log entries. Applied atomically with the other users'
 * changes of the same commit.
 */
public record UserChange(
    long expectedVersion, UserRecord next, List<Enrolment> enrolments, List<LoggedEvent> log) {
  public UserChange {
    enrolments = List.copyOf(enrolments);
    log = List.copyOf(log);
  }

  /** DynamoDB items this change writes (user item + enrolments + log entries). */
  public int items() {
    return 1 + enrolments.size() + log.size();
  }
}
