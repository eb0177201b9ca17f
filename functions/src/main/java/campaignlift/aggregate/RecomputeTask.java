package campaignlift.aggregate;

/**
 * One message of a recompute's fan-out: read write shard {@code shard} of the campaign and store
 * its part. Delivered at least once; running it twice counts the shard once (docs/aggregates.md). A
 * shard too big to read before the function's deadline is read in segments: segment {@code segment}
 * starts just after user {@code startAfter} and, if it too must stop, sends the next.
 *
 * @param segment 0 for the shard's first task
 * @param startAfter the last user id the previous segment read; null for segment 0
 */
public record RecomputeTask(
    String campaignId, String recomputeId, int shard, int segment, String startAfter) {

  /** The first task of a shard: from its start. */
  public static RecomputeTask first(String campaignId, String recomputeId, int shard) {
    return new RecomputeTask(campaignId, recomputeId, shard, 0, null);
  }

  /** The task that goes on after this one stopped having read up to user {@code lastRead}. */
  public RecomputeTask next(String lastRead) {
    return new RecomputeTask(campaignId, recomputeId, shard, segment + 1, lastRead);
  }
}
