package campaignlift.aggregate;

import campaignlift.evaluation.result.Reconciliation;
import java.util.Map;
import java.util.Set;

/**
 * A recompute's progress as stored with its parts.
 *
 * @param doneShards the write shards whose part is stored and counted
 * @param partAttempts per counted shard, the attempt whose part counted (a redelivered task writes
 *     its part under another attempt and is not counted again)
 * @param unreadable enrolment items skipped as unreadable, summed over the counted shards
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
    Map<Integer, String> partAttempts,
    long unreadable,
    String finishedAt,
    Reconciliation reconciliation) {
  public RecomputeStatus {
    doneShards = Set.copyOf(doneShards);
    partAttempts = Map.copyOf(partAttempts);
  }

  public boolean allDone() {
    return doneShards.size() >= shards;
  }

  public boolean finished() {
    return finishedAt != null;
  }
}
