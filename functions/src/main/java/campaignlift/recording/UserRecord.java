package campaignlift.recording;

import java.time.Instant;
import java.util.Map;

/**
 * The user item: the serialisation point for everything written about one user. Every write that
 * concerns the user is conditioned on {@code version} and increments it, so concurrent Lambda
 * instances cannot both commit on the same state (optimistic concurrency, no locks).
 *
 * @param version 0 when the user has never been written
 * @param firstKnownAt earliest of userCreatedAt and the user's own events, or null
 * @param enrolments campaign id → where the enrolment item is and the window it measures
 */
public record UserRecord(
    String userId, long version, Instant firstKnownAt, Map<String, EnrolmentRef> enrolments) {

  /**
   * Campaigns one user can be enrolled in. One outcome commit must fit DynamoDB's 100-item
   * transaction: a referral sign-up writes, for each of its two users, the user item, every
   * enrolment its time falls into and a log entry, plus one dedupe record: 2 × (1 + 45 + 1) + 1 =
   * 95. It also keeps the user item under 8 KB (45 references of at most ~170 bytes). Exposures
   * that would enrol a user in one more are refused and counted (docs/write-path.md).
   */
  public static final int MAX_ENROLMENTS = 45;

  public UserRecord {
    enrolments = Map.copyOf(enrolments);
  }

  public static UserRecord absent(String userId) {
    return new UserRecord(userId, 0, null, Map.of());
  }

  /** Locates an enrolment item and fixes the window its counters were computed for. */
  public record EnrolmentRef(int shard, Instant t0, int windowDays) {}
}
