package campaignlift.evaluation;

import campaignlift.recording.Enrolment;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Port: streams a campaign's enrolments, one write shard at a time. Implemented by the store. */
public interface EnrolmentReader {
  /**
   * Hands every enrolment of {@code campaignId} in write shard {@code shard} to {@code sink}, one
   * at a time, reading page by page so that no more than one page is held in memory. An item that
   * cannot be read is skipped (and logged by the store) rather than failing the evaluation.
   *
   * @return how many items were skipped because they could not be read
   */
  long readShard(String campaignId, int shard, Consumer<Enrolment> sink);

  /**
   * What a resumable read of a shard did.
   *
   * @param skipped items skipped because they could not be read
   * @param resumeAfter the last user id read when the read stopped before the shard's end (pass it
   *     as {@code startAfter} to go on), or null when the shard was read to its end
   */
  record ShardRead(long skipped, String resumeAfter) {}

  /**
   * {@link #readShard(String, int, Consumer)} from just after user {@code startAfter} (null: from
   * the start), asking {@code more} after each page whether to read the next one: a reader with a
   * deadline (a recompute task, docs/aggregates.md) stops at a page boundary and resumes later.
   * This default reads the whole shard in one go and cannot resume.
   */
  default ShardRead readShard(
      String campaignId,
      int shard,
      String startAfter,
      BooleanSupplier more,
      Consumer<Enrolment> sink) {
    if (startAfter != null) {
      throw new UnsupportedOperationException(getClass().getName() + " cannot resume a shard");
    }
    return new ShardRead(readShard(campaignId, shard, sink), null);
  }
}
