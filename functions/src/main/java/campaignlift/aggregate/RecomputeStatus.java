package campaignlift.aggregate;

import campaignlift.evaluation.result.Reconciliation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recompute's progress as stored with its parts.
 *
 * @param doneShards the write shards read to their end, whose parts are stored and counted
 * @param partAttempts per counted shard, the attempts whose parts counted, one per segment in order
 *     (a redelivered task writes its part under another attempt and is not counted again)
 * @param continued per segment that stopped before its shard's end ({@link #segmentKey}), the last
 *     user it read: where the next segment starts
 * @param unreadable enrolment items skipped as unreadable, summed over the counted segments
 * @param finishedAt null until the merged cells were compared or seeded
 * @param reconciliation for a finished reconcile, what it found; null otherwise
 */
public record RecomputeStatus(
    String campaignId,
    String recomputeId,
    RecomputeMode mode,
    int shards,
    String startedAt,
    Set<Integer> doneShards,
    Map<Integer, List<String>> partAttempts,
    Map<String, String> continued,
    long unreadable,
    String finishedAt,
    Reconciliation reconciliation) {
  public RecomputeStatus {
    doneShards = Set.copyOf(doneShards);
    partAttempts = Map.copyOf(partAttempts);
    continued = Map.copyOf(continued);
  }

  /** The key of a shard's segment in {@link #continued}. */
  public static String segmentKey(int shard, int segment) {
    return shard + "_" + segment;
  }

  public boolean allDone() {
    return doneShards.size() >= shards;
  }

  public boolean finished() {
    return finishedAt != null;
  }
}
