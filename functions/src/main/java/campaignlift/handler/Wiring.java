package campaignlift.handler;

import campaignlift.aggregate.CampaignSettings;
import campaignlift.aggregate.Recompute;
import campaignlift.aggregate.RecomputeQueue;
import campaignlift.aggregate.RecomputeTask;
import campaignlift.aggregate.StreamFolder;
import campaignlift.evaluation.EvaluationRequest;
import campaignlift.evaluation.EvaluationService;
import campaignlift.evaluation.Evaluator;
import campaignlift.evaluation.ScheduledEvaluation;
import campaignlift.notify.ResultNotifier;
import campaignlift.queue.QueueIngest;
import campaignlift.recording.Recorder;
import campaignlift.store.Backend;
import campaignlift.store.DynamoAggregates;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoEnrolmentReader;
import campaignlift.store.DynamoEvaluationRuns;
import campaignlift.store.DynamoOrderCustomers;
import campaignlift.store.DynamoRecomputeParts;
import campaignlift.store.DynamoRecordingStore;
import campaignlift.store.DynamoResultRepository;
import campaignlift.store.S3ObjectStore;
import campaignlift.store.SecretsManagerSecret;
import campaignlift.store.SqsDeadLetters;
import campaignlift.support.DaemonThreads;
import campaignlift.webhook.ShopifyWebhook;
import campaignlift.webhook.WebhookSecret;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the cores on a backend: the one place that knows which store implements which port. */
public final class Wiring {
  /** Users written in parallel per invocation: the work is I/O-bound round trips to DynamoDB. */
  public static final int WRITE_CONCURRENCY = 8;

  /** Shards read in parallel per evaluation: I/O-bound paginated queries. */
  public static final int READ_CONCURRENCY = 16;

  // Each pool in its own holder class, created when a function first wires the core that uses it:
  // a function that never evaluates builds no readers.

  private static final class Writers {
    static final ExecutorService POOL =
        Executors.newFixedThreadPool(WRITE_CONCURRENCY, DaemonThreads.named("lift-writer"));
  }

  private static final class Readers {
    static final ExecutorService POOL =
        Executors.newFixedThreadPool(READ_CONCURRENCY, DaemonThreads.named("lift-reader"));
  }

  /** Messages of a queued batch recorded at once (docs/queue.md); they wait on the writers. */
  private static final class Ingesters {
    static final ExecutorService POOL =
        Executors.newFixedThreadPool(
            QueueIngest.MESSAGE_CONCURRENCY, DaemonThreads.named("lift-queue-ingest"));
  }

  private Wiring() {}

  static EvaluationService evaluations(Backend backend, Clock clock) {
    return new EvaluationService(
        campaigns(backend),
        new Evaluator(
            new DynamoEnrolmentReader(backend.dynamo(), backend.tables().enrolments()),
            Readers.POOL,
            aggregates(backend, clock)),
        new DynamoResultRepository(backend.dynamo(), backend.tables().results()),
        new S3ObjectStore(backend, backend.tables().bucket()),
        clock,
        // Each stored result's events, on the default bus (docs/result-events.md).
        new ResultNotifier(backend.events(), backend.tables().bucket()));
  }

  /** The environment variable holding the evaluation queue's URL (template.yaml). */
  static final String EVALUATION_QUEUE_URL = "EVALUATION_QUEUE_URL";

  static ScheduledEvaluation scheduled(Backend backend, Clock clock) {
    return new ScheduledEvaluation(
        campaigns(backend),
        evaluations(backend, clock),
        // Resolved when a run enqueues: the worker, which never sends, needs no queue URL.
        requests ->
            backend
                .queues()
                .queue(EVALUATION_QUEUE_URL)
                .send(requests.stream().map(EvaluationRequest::toJson).toList()),
        new DynamoEvaluationRuns(backend.dynamo(), backend.tables().aggregates()),
        clock);
  }

  static Recorder recorder(Backend backend, Clock clock) {
    return recorder(backend, clock, Writers.POOL);
  }

  /** A recorder writing users in parallel on {@code pool}; {@code clock} dates the dedupe TTLs. */
  static Recorder recorder(Backend backend, Clock clock, ExecutorService pool) {
    return new Recorder(
        campaigns(backend),
        new DynamoRecordingStore(backend.dynamo(), backend.tables(), clock),
        pool);
  }

  /** The environment variable holding the front door's dead-letter queue URL (template.yaml). */
  static final String INGEST_DEAD_LETTER_QUEUE_URL = "INGEST_DEAD_LETTER_QUEUE_URL";

  /** The SQS front door (docs/queue.md): the API's recorder, rejects to its dead-letter queue. */
  static QueueIngest queueIngest(Backend backend, Clock clock) {
    return new QueueIngest(
        recorder(backend, clock),
        new SqsDeadLetters(backend.queues(), INGEST_DEAD_LETTER_QUEUE_URL),
        clock,
        Ingesters.POOL);
  }

  static Recompute recompute(Backend backend, Clock clock) {
    return recompute(backend, clock, recomputeQueue(backend));
  }

  /** The recompute core (docs/aggregates.md) sending its tasks to {@code queue}. */
  static Recompute recompute(Backend backend, Clock clock, RecomputeQueue queue) {
    return new Recompute(
        campaigns(backend),
        new DynamoEnrolmentReader(backend.dynamo(), backend.tables().enrolments()),
        new DynamoRecomputeParts(backend.dynamo(), backend.tables().aggregates()),
        aggregates(backend, clock),
        queue,
        clock);
  }

  /**
   * The queue of recompute tasks ({@code RECOMPUTE_QUEUE_URL}), one JSON message per task; looked
   * up on send, so the worker, which never sends, needs no queue URL.
   */
  static RecomputeQueue recomputeQueue(Backend backend) {
    return tasks ->
        backend
            .queues()
            .queue("RECOMPUTE_QUEUE_URL")
            .send(tasks.stream().map(RecomputeTask::toJson).toList());
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

  /** The Shopify webhook secret itself: how ./lift serve and the twin are given it. */
  static final String SHOPIFY_WEBHOOK_SECRET = "SHOPIFY_WEBHOOK_SECRET";

  /** The Secrets Manager secret holding it, which template.yaml sets in AWS. */
  static final String SHOPIFY_WEBHOOK_SECRET_ID = "SHOPIFY_WEBHOOK_SECRET_ID";

  /** Put before a Shopify customer id to make our user id (default empty). */
  static final String SHOPIFY_USER_ID_PREFIX = "SHOPIFY_USER_ID_PREFIX";

  /** The Shopify webhook door (docs/shopify.md), configured from {@code env}. */
  static ShopifyWebhook shopifyWebhook(Backend backend, Clock clock, Map<String, String> env) {
    return shopifyWebhook(backend, clock, env, shopifySecret(env, backend));
  }

  /** The Shopify webhook door checking deliveries with {@code secret}. */
  static ShopifyWebhook shopifyWebhook(
      Backend backend, Clock clock, Map<String, String> env, WebhookSecret secret) {
    return new ShopifyWebhook(
        secret,
        new DynamoOrderCustomers(backend.dynamo(), backend.tables().eventIds(), clock),
        recorder(backend, clock),
        env.getOrDefault(SHOPIFY_USER_ID_PREFIX, ""),
        clock);
  }

  /**
   * The secret given in the environment when there is one (locally), else the Secrets Manager
   * secret the template names (fetched on first use with {@code backend}'s clients), else none: the
   * door answers 503.
   */
  static WebhookSecret shopifySecret(Map<String, String> env, Backend backend) {
    String plain = env.get(SHOPIFY_WEBHOOK_SECRET);
    if (plain != null && !plain.isBlank()) {
      String secret = plain.strip();
      return () -> secret;
    }
    String id = env.get(SHOPIFY_WEBHOOK_SECRET_ID);
    if (id != null && !id.isBlank()) {
      return new SecretsManagerSecret(id.strip(), backend);
    }
    return WebhookSecret.none();
  }

  private static DynamoCampaignRepository campaigns(Backend backend) {
    return new DynamoCampaignRepository(backend.dynamo(), backend.tables().campaigns());
  }
}
