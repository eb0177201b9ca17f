package campaignlift.handler;

import campaignlift.aggregate.CampaignSettings;
import campaignlift.aggregate.StreamFolder;
import campaignlift.evaluation.EvaluationService;
import campaignlift.evaluation.Evaluator;
import campaignlift.evaluation.ScheduledEvaluation;
import campaignlift.recording.Recorder;
import campaignlift.store.Backend;
import campaignlift.store.DynamoAggregates;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoEnrolmentReader;
import campaignlift.store.DynamoRecordingStore;
import campaignlift.store.DynamoResultRepository;
import campaignlift.store.S3ObjectStore;
import campaignlift.support.DaemonThreads;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the cores on a backend: the one place that knows which store implements which port. */
public final class Wiring {
  /** Users written in parallel per invocation: the work is I/O-bound round trips to DynamoDB. */
  public static final int WRITE_CONCURRENCY = 8;

  private static final ExecutorService WRITERS =
      Executors.newFixedThreadPool(WRITE_CONCURRENCY, DaemonThreads.named("lift-writer"));

  /** Shards read in parallel per evaluation: I/O-bound paginated queries. */
  public static final int READ_CONCURRENCY = 16;

  private static final ExecutorService READERS =
      Executors.newFixedThreadPool(READ_CONCURRENCY, DaemonThreads.named("lift-reader"));

  private Wiring() {}

  static EvaluationService evaluations(Backend backend, Clock clock) {
    return new EvaluationService(
        campaigns(backend),
        new Evaluator(
            new DynamoEnrolmentReader(backend.dynamo(), backend.tables().enrolments()), READERS),
        new DynamoResultRepository(backend.dynamo(), backend.tables().results()),
        new S3ObjectStore(backend.s3(), backend.presigner(), backend.tables().bucket()),
        clock);
  }

  static ScheduledEvaluation scheduled(Backend backend, Clock clock) {
    return new ScheduledEvaluation(campaigns(backend), evaluations(backend, clock), clock);
  }

  static Recorder recorder(Backend backend, Clock clock) {
    return recorder(backend, clock, WRITERS);
  }

  /** A recorder writing users in parallel on {@code pool}; {@code clock} dates the dedupe TTLs. */
  static Recorder recorder(Backend backend, Clock clock, ExecutorService pool) {
    return new Recorder(
        campaigns(backend),
        new DynamoRecordingStore(backend.dynamo(), backend.tables(), clock),
        pool);
  }

  /** The stream-fed aggregates of docs/aggregates.md: read, seeded, compacted and reconciled. */
  public static DynamoAggregates aggregates(Backend backend, Clock clock) {
    return new DynamoAggregates(backend.dynamo(), backend.tables().aggregates(), clock);
  }

  /** Folds enrolment stream batches into the aggregates; partitions folded on {@code pool}. */
  public static StreamFolder streamFolder(Backend backend, Clock clock, ExecutorService pool) {
    CampaignSettings settings = new CampaignSettings(campaigns(backend));
    return new StreamFolder(aggregates(backend, clock), settings::of, clock, pool);
  }

  private static DynamoCampaignRepository campaigns(Backend backend) {
    return new DynamoCampaignRepository(backend.dynamo(), backend.tables().campaigns());
  }
}
