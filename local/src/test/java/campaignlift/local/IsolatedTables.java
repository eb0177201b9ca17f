package campaignlift.local;

import campaignlift.handler.ScheduledEvaluationHandler;
import campaignlift.store.Backend;
import campaignlift.store.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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

  IsolatedTables(String name) throws Exception {
    this(name, null);
  }

  /** With {@code faults} (may be null) on every SDK call of the functions. */
  IsolatedTables(String name, ExecutionInterceptor faults) throws Exception {
    shared = TestBackends.get();
    Template template = shared.template();
    prefix = name + UUID.randomUUID().toString().substring(0, 6) + "-";
    Map<String, String> env = new HashMap<>(template.environment(LocalBackends.LOCAL_BUCKET));
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
            faults);
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
   * One run of the ScheduledEvaluationFunction over these tables at {@code clock}, invoked with an
   * EventBridge-like event as Lambda would; its logs go to {@code logs} (null: nowhere).
   */
  JsonNode schedule(Clock clock, PrintStream logs) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ScheduledEvaluationHandler(backend, clock)
        .handleRequest(
            new ByteArrayInputStream("{\"detail\": {}}".getBytes(StandardCharsets.UTF_8)),
            out,
            new LocalContext("test", "ScheduledEvaluationFunction", logs));
    return Http.JSON.readTree(out.toByteArray());
  }

  @Override
  public void close() {
    streams.close();
    twin.close();
    backend.close();
    for (Template.Table t : shared.template().tables()) {
      shared.backend().dynamo().deleteTable(r -> r.tableName(prefix + t.logicalId()));
    }
  }
}
