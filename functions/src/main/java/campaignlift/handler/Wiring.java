package campaignlift.handler;

import campaignlift.recording.Recorder;
import campaignlift.store.Backend;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoRecordingStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the cores on a backend: the one place that knows which store implements which port. */
final class Wiring {
  /** Users written in parallel per invocation: the work is I/O-bound round trips to DynamoDB. */
  static final int WRITE_CONCURRENCY = 8;

  private static final ExecutorService WRITERS =
      Executors.newFixedThreadPool(
          WRITE_CONCURRENCY,
          r -> {
            Thread t = new Thread(r, "lift-writer");
            t.setDaemon(true);
            return t;
          });

  private Wiring() {}

  static Recorder recorder(Backend backend, Clock clock) {
    return recorder(backend, clock, WRITERS);
  }

  /** A recorder writing users in parallel on {@code pool}. */
  static Recorder recorder(Backend backend, Clock clock, ExecutorService pool) {
    return new Recorder(
        new DynamoCampaignRepository(backend.dynamo(), backend.tables().campaigns()),
        new DynamoRecordingStore(backend.dynamo(), backend.tables(), clock),
        clock,
        pool);
  }
}
