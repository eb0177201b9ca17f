package campaignlift.campaign;

/**
 * Which write shard of a campaign a user's enrolment lives in, so one campaign's enrolments spread
 * over {@code shards} partitions (no hot partition) and evaluation reads the shards in parallel.
 */
public final class Shards {
  private Shards() {}

  public static int of(String userId, int shards) {
    return (int) (Assignment.fnv1a32(userId) % shards);
  }
}
