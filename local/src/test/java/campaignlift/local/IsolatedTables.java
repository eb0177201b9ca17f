package campaignlift.local;

import campaignlift.handler.ScheduledEvaluationHandler;
import campaignlift.store.Backend;
import campaignlift.store.EventBridgeEvents;
import campaignlift.store.Queues;
import campaignlift.store.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The template's tables under a fresh name prefix on the shared backends, with a twin on top: for
 * tests that list every campaign or run the schedule and must see only their own items.
 */
final class IsolatedTables implements AutoCloseable {
  private final TestBackends shared;
  private final String prefix;
  private final Backend backend;
  private final HttpTwin twin;
  private final FailedBatches failedBatches = new FailedBatches(null);
  private final StreamMappings streams;

  /** Local visibility timeout of these tables' queues: a failed evaluation is retried this soon. */
  static final Duration VISIBILITY = Duration.ofSeconds(3);

  private final Map<String, String> queueUrls;
  private final SimulatedClock workerClock = new SimulatedClock(Instant.now());
  private final SqsEventSources eventSources;

  IsolatedTables(String name) throws Exception {
    this(name, null);
  }

  /** With {@code faults} (may be null) on every SDK call of the functions. */
  IsolatedTables(String name, ExecutionInterceptor faults) throws Exception {
    shared = TestBackends.get();
    Template template = shared.template();
    prefix = name + UUID.randomUUID().toString().substring(0, 6) + "-";
    LocalQueues queues = shared.backends().queues();
    queueUrls = queues.create(template, prefix, VISIBILITY);
    Map<String, String> env =
        new HashMap<>(template.environment(LocalBackends.LOCAL_BUCKET, queueUrls));
    env.replaceAll((k, v) -> k.endsWith("_TABLE") ? prefix + v : v);
    for (Template.Table t : template.tables()) {
      shared
          .backend()
          .dynamo()
          .createTable(t.create().toBuilder().tableName(prefix + t.logicalId()).build());
    }
    backend =
        Backend.create(
                Tables.fromEnvironment(env),
                shared.backends().dynamoEndpoint(),
                shared.backends().s3Endpoint(),
                faults)
            .withQueues(Queues.of(queues.endpoint(), env, faults))
            // The shared twin's event bus records the result events of these tables' functions.
            .withEvents(EventBridgeEvents.of(shared.backends().events().endpoint(), faults));
    LocalFunctions functions = new LocalFunctions(template, backend, Clock.systemUTC(), null);
    // The mappings read these tables' own streams, so a test's records reach only its functions.
    streams =
        StreamMappings.start(
            template,
            shared.backends().dynamoEndpoint(),
            id -> prefix + id,
            functions,
            failedBatches,
            null);
    twin = HttpTwin.start(template, functions, 0);
    // The queue's consumers see the time of the run they work for (set by schedule()).
    eventSources =
        SqsEventSources.start(
            template,
            new LocalFunctions(template, backend, workerClock, workerLogs),
            queues,
            queueUrls,
            quietLogs(),
            null);
  }

  /** Where the queue's workers log: nowhere (or stderr), or a run's capture while it lasts. */
  private volatile PrintStream workerTarget = quietLogs();

  private final PrintStream workerLogs =
      new PrintStream(
          new java.io.OutputStream() {
            @Override
            public void write(int b) {
              PrintStream t = workerTarget;
              if (t != null) {
                t.write(b);
              }
            }

            @Override
            public void write(byte[] b, int off, int len) {
              PrintStream t = workerTarget;
              if (t != null) {
                t.write(b, off, len);
              }
            }
          },
          true,
          StandardCharsets.UTF_8);

  private static PrintStream quietLogs() {
    return Boolean.getBoolean("lift.test.logs") ? System.err : null;
  }

  /** These tables' queue {@code logicalId}. */
  String queueUrl(String logicalId) {
    return queueUrls.get(logicalId);
  }

  LocalQueues queues() {
    return shared.backends().queues();
  }

  /** The template's stream mappings on these tables; {@code awaitCaughtUp} waits for them. */
  StreamMappings streams() {
    return streams;
  }

  /** The stream batches the mappings gave up on. */
  FailedBatches failedBatches() {
    return failedBatches;
  }

  Backend backend() {
    return backend;
  }

  Tables tables() {
    return backend.tables();
  }

  Http http() {
    return new Http(twin.url());
  }

  /** A campaign's item as stored. */
  Map<String, AttributeValue> campaignItem(String campaignId) {
    return backend
        .dynamo()
        .getItem(
            r ->
                r.tableName(tables().campaigns())
                    .key(Map.of("campaignId", AttributeValue.fromS(campaignId))))
        .item();
  }

  /**
   * What the ScheduledEvaluationFunction answered for one run over these tables at {@code clock},
   * invoked with an EventBridge-like event as Lambda would; its logs go to {@code logs} (null:
   * nowhere). Its workers evaluate at the same time.
   */
  JsonNode enqueue(Clock clock, PrintStream logs) throws Exception {
    workerClock.set(clock.instant());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ScheduledEvaluationHandler(backend, clock)
        .handleRequest(
            new ByteArrayInputStream("{\"detail\": {}}".getBytes(StandardCharsets.UTF_8)),
            out,
            LocalContext.of("test", "ScheduledEvaluationFunction", logs));
    return Http.JSON.readTree(out.toByteArray());
  }

  /**
   * One whole scheduled run at {@code clock}: the fan-out, then every worker's outcome once the
   * evaluation queue is empty (each message evaluated or dead-lettered), answered as {@code
   * {"evaluated", "failed", "skipped"}} ({@link ScheduledRuns#asAnswer}).
   */
  JsonNode schedule(Clock clock, PrintStream logs) throws Exception {
    // The run's log is the scheduler's and its workers' (a campaign fails in a worker).
    workerTarget = logs == null ? quietLogs() : logs;
    try {
      String runId = enqueue(clock, logs).path("runId").asText();
      return ScheduledRuns.asAnswer(
          ScheduledRuns.awaitSettled(backend, queues(), queueUrl("EvaluationQueue"), runId));
    } finally {
      workerTarget = quietLogs();
    }
  }

  @Override
  public void close() {
    eventSources.close();
    streams.close();
    twin.close();
    queueUrls.values().forEach(url -> queues().client().deleteQueue(r -> r.queueUrl(url)));
    backend.close();
    for (Template.Table t : shared.template().tables()) {
      shared.backend().dynamo().deleteTable(r -> r.tableName(prefix + t.logicalId()));
    }
  }
}
