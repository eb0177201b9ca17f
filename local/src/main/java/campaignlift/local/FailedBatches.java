package campaignlift.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The twin's on-failure destination until a queue takes the records: keeps every discarded batch
 * and prints one line per batch (so {@code ./lift serve} shows it).
 */
public final class FailedBatches implements FailureDestination {
  private final List<FailedBatch> batches = new ArrayList<>();
  private final PrintStream out;

  /**
   * @param out where to print a line per discarded batch; null for nowhere
   */
  public FailedBatches(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void send(FailedBatch batch) {
    batches.add(batch);
    if (out != null) {
      out.println("stream: " + batch.summary());
    }
  }

  /** The batches discarded so far, oldest first. */
  public synchronized List<FailedBatch> all() {
    return List.copyOf(batches);
  }
}
