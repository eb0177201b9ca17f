package campaignlift.local.bench;

import campaignlift.local.FailedBatches;
import campaignlift.local.LocalFunctions;
import campaignlift.local.StreamMapping;
import campaignlift.local.StreamMappings;
import campaignlift.local.StreamPoller;
import campaignlift.local.Template;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The template's DynamoDB stream mappings as {@code ./lift serve} runs them ({@link
 * StreamMappings}), with a gate in front of their functions: while the bench seeds a campaign the
 * gate holds the first batch, so the seeding's changes pile up in the stream, and the fold is then
 * timed on that backlog alone — the function's own throughput, not the seeding's rate
 * (BENCHMARKS.md, "Stream processing").
 */
final class BenchStreams implements AutoCloseable {
  /**
   * How long catching up may take: generous (folding 10^6 changes on DynamoDB Local takes many
   * minutes), but a stuck mapping fails the size instead of hanging the bench.
   */
  static Duration catchUp(long changes) {
    return Duration.ofMinutes(2).plusMillis(5 * changes);
  }

  /** How often the counters are looked at while a backlog drains. */
  private static final long POLL_MILLIS = 2;

  /** The stream function's figures on one backlog. */
  record Fold(long records, double seconds, long invocations, long retries) {
    double perSecond() {
      return records / seconds;
    }
  }

  private final StreamMappings mappings;
  private final Object lock = new Object();
  private boolean open = true;

  private BenchStreams(StreamMappings mappings) {
    this.mappings = mappings;
  }

  /**
   * Starts every mapping of template.yaml on the bench's tables (named by their logical ids, as the
   * twin names them), each invoking its function in {@code functions} once the gate lets it.
   */
  static BenchStreams start(
      Template template, String dynamoEndpoint, LocalFunctions functions, PrintStream log) {
    if (template.streamMappings().isEmpty()) {
      throw new IllegalStateException("template.yaml declares no DynamoDB stream mapping");
    }
    BenchStreams s =
        new BenchStreams(new StreamMappings(dynamoEndpoint, new FailedBatches(log), log));
    for (StreamMapping m : template.streamMappings()) {
      s.mappings.add(
          m,
          m.tableId(),
          event -> {
            s.pass();
            try {
              return functions.invoke(m.functionId(), event);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return s;
  }

  /**
   * Waits until every mapping acknowledged everything written so far (gate open).
   *
   * @param changes about how many changes may be pending
   */
  void awaitCaughtUp(long changes) throws InterruptedException {
    mappings.awaitCaughtUp(catchUp(changes));
  }

  /** Holds every delivery from now on until {@link #drain}. */
  void hold() {
    synchronized (lock) {
      open = false;
    }
  }

  /**
   * Opens the gate and times the fold of the {@code expected} changes held back: from the opening
   * to the moment the mappings' counters show them all acknowledged; then waits until the mappings
   * report themselves caught up (so nothing else was pending) and checks none was discarded.
   */
  Fold drain(long expected) throws InterruptedException {
    StreamPoller.Counters before = mappings.counters();
    Duration timeout = catchUp(expected);
    long deadline = System.nanoTime() + timeout.toNanos();
    long t = System.nanoTime();
    synchronized (lock) {
      open = true;
      lock.notifyAll();
    }
    StreamPoller.Counters now = mappings.counters();
    while (now.recordsAcknowledged() - before.recordsAcknowledged() < expected) {
      if (now.discardedRecords() > before.discardedRecords()) {
        throw new IllegalStateException(
            (now.discardedRecords() - before.discardedRecords())
                + " stream record(s) were discarded after retries");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the stream function did not fold within " + timeout);
      }
      Thread.sleep(POLL_MILLIS);
      now = mappings.counters();
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    mappings.awaitCaughtUp(timeout);
    StreamPoller.Counters after = mappings.counters();
    long acknowledged = after.recordsAcknowledged() - before.recordsAcknowledged();
    if (acknowledged != expected || after.discardedRecords() != before.discardedRecords()) {
      throw new IllegalStateException(
          "the stream function acknowledged "
              + acknowledged
              + " records for "
              + expected
              + " changes (discarded "
              + (after.discardedRecords() - before.discardedRecords())
              + ")");
    }
    return new Fold(
        acknowledged,
        seconds,
        after.invocations() - before.invocations(),
        after.retries() - before.retries());
  }

  private void pass() {
    synchronized (lock) {
      while (!open) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          // The poller is closing: the batch fails and is not checkpointed.
          Thread.currentThread().interrupt();
          throw new IllegalStateException("bench closing", e);
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      open = true;
      lock.notifyAll();
    }
    mappings.close();
  }
}
