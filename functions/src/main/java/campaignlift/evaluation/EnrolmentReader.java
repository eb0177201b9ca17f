package campaignlift.evaluation;

import campaignlift.recording.Enrolment;
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
}
