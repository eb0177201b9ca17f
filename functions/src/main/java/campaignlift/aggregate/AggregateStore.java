package campaignlift.aggregate;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: where the folded deltas and the checkpoints of each campaign's write shards are kept
 * (implemented by the store; docs/aggregates.md).
 */
public interface AggregateStore {
  /** The checkpoint of one write shard of a campaign, read strongly consistently. */
  Optional<Checkpoint> checkpoint(String campaignId, int writeShard);

  /**
   * Atomically adds the run's delta as a partial and moves the shard's checkpoint to {@code next},
   * if the checkpoint is still {@code expected} (null: none yet). Returns false, having written
   * nothing, when it is not (another invocation applied changes meanwhile): re-read and skip what
   * is covered.
   */
  boolean apply(String campaignId, int writeShard, Checkpoint expected, Run run);

  /**
   * Folds the campaign's partials into a new base, so reads stay O(cells). Safe to run concurrently
   * with folding, with reads and with itself; a crash at any step neither loses nor double-counts.
   * Returns false when another compaction or seeding won the race.
   */
  boolean compact(String campaignId);

  /**
   * The changes of one run of a write shard folded into one delta.
   *
   * @param firstSeq the first change of the run (names the partial)
   * @param delta the encoded delta cells, or null when the changes cancel out (nothing to add)
   * @param next the checkpoint after the run
   */
  record Run(BigInteger firstSeq, byte[] delta, Checkpoint next) {}

  /** The checkpoint after a run: a convenience for the folder and tests. */
  static Checkpoint after(
      Checkpoint previous, BigInteger lastSeq, Instant newest, Instant now, boolean wrotePart) {
    Instant newestChange =
        previous != null
                && previous.newestChange() != null
                && previous.newestChange().isAfter(newest)
            ? previous.newestChange()
            : newest;
    long parts = (previous == null ? 0 : previous.parts()) + (wrotePart ? 1 : 0);
    return new Checkpoint(
        lastSeq, newestChange, now, Math.max(0, now.toEpochMilli() - newest.toEpochMilli()), parts);
  }
}
