package campaignlift.aggregate;

import campaignlift.evaluation.result.Reconciliation;
import java.util.Optional;

/**
 * Port: where a recompute keeps its progress and the parts of each write shard
 * (docs/aggregates.md). Implemented by the store over the aggregates table.
 */
public interface RecomputeParts {
  /** Stores a new recompute's progress (nothing done yet). */
  void begin(String campaignId, String recomputeId, RecomputeMode mode, int shards, String at);

  /** The progress, or empty when no such recompute was begun for the campaign. */
  Optional<RecomputeStatus> status(String campaignId, String recomputeId);

  /** Stores the encoded cells one segment of a shard read, under {@code attempt} (chunked). */
  void savePart(String campaignId, String recomputeId, int shard, String attempt, byte[] cells);

  /** The encoded cells stored by {@code attempt} for the shard. */
  byte[] part(String campaignId, String recomputeId, int shard, String attempt);

  /**
   * Atomically records that segment {@code segment} of the shard stopped after user {@code
   * resumeAfter}, with its attempt and unreadable count, unless that segment was recorded before.
   *
   * @return the resume key recorded: {@code resumeAfter}, or an earlier delivery's
   */
  String markContinued(
      String campaignId,
      String recomputeId,
      int shard,
      int segment,
      String attempt,
      long unreadable,
      String resumeAfter);

  /**
   * Atomically adds the shard to the done set, with the attempt of its last segment and its
   * unreadable count, unless it is in the set already.
   *
   * @return the progress after counting, or empty when the shard had been counted before
   */
  Optional<RecomputeStatus> markDone(
      String campaignId,
      String recomputeId,
      int shard,
      int segment,
      String attempt,
      long unreadable);

  /**
   * Marks the recompute finished, with a reconcile's finding (null for a seed), and discards the
   * parts.
   */
  void finish(String campaignId, String recomputeId, String at, Reconciliation reconciliation);
}
