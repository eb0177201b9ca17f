package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.store.Backend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * SnapStart as Lambda runs it (docs/operations.md, "SnapStart priming"), under the real runtime
 * interface client in a child JVM: {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} and the Java
 * runtime's {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}, so the client runs
 * the handlers' priming before it asks {@code /restore/next} and the restore hooks after. For an
 * HTTP function and a queue-fed one: priming logged its {@code primed} line before the snapshot,
 * wrote nothing to DynamoDB Local (no item of the priming campaign or its users exists before or
 * after), no init or restore error was reported, and the first real invocation after the restore
 * records for real.
 */
class SnapStartPrimingTest {
  /** What every priming sample names: its campaign, users and event ids start with this. */
  private static final String PRIMING = "lift-priming";

  @Test
  void exposuresArePrimedBeforeTheSnapshotAndRecordedAfterTheRestore(@TempDir Path dir)
      throws Exception {
    LambdaRuntimeApi.nativeLibraryForThisMachine("SnapStartPrimingTest");
    TestBackends backends = TestBackends.get();
    String campaign = Campaigns.uniqueId("snap");
    String user = campaign + "-user";
    Http http = new Http(backends.url());
    assertEquals(201, http.put("/campaigns/" + campaign, Campaigns.valid().toString()).status());

    ObjectNode body = Http.JSON.createObjectNode();
    body.putArray("exposures")
        .addObject()
        .put("userId", user)
        .put("at", "2026-03-02T09:15:00Z")
        .put("group", "coupon");
    JsonNode answer =
        runPrimed(
            dir,
            "ExposuresFunction",
            "campaignlift.handler.ExposuresHandler::handleRequest",
            exposuresEvent(campaign, body.toString()),
            backends);

    assertEquals(200, answer.path("statusCode").asInt(), answer.toString());
    JsonNode result = Http.JSON.readTree(answer.path("body").asText());
    assertEquals(1, result.path("accepted").asInt(), result.toString());
    assertTrue(hasUserItems(backends.backend(), user), "the exposure's user was written");
  }

  @Test
  void aQueuedBatchIsPrimedBeforeTheSnapshotAndRecordedAfterTheRestore(@TempDir Path dir)
      throws Exception {
    LambdaRuntimeApi.nativeLibraryForThisMachine("SnapStartPrimingTest");
    TestBackends backends = TestBackends.get();
    String user = Campaigns.uniqueId("snap-queue-user");

    ObjectNode body = Http.JSON.createObjectNode();
    body.putArray("outcomes")
        .addObject()
        .put("eventId", user + "-1")
        .put("userId", user)
        .put("type", "purchase")
        .put("at", "2026-03-08T11:30:00Z")
        .put("value", 35.5);
    JsonNode answer =
        runPrimed(
            dir,
            "QueueIngestFunction",
            "campaignlift.handler.QueueIngestHandler::handleRequest",
            sqsEvent(user, body.toString()),
            backends);

    assertEquals(0, answer.path("batchItemFailures").size(), answer.toString());
    assertTrue(hasUserItems(backends.backend(), user), "the outcome's user was written");
  }

  /** Every function's priming runs its sample to the answer it expects and writes nothing. */
  @Test
  void everyFunctionPrimesUnderTheRuntimesHooksAndWritesNothing(@TempDir Path dir)
      throws Exception {
    LambdaRuntimeApi.nativeLibraryForThisMachine("SnapStartPrimingTest");
    TestBackends backends = TestBackends.get();
    Backend backend = backends.backend();
    assertEquals(0, primingItems(backend), "no item of the priming samples before");
    assertCountsAPrimingItem(backend);
    List<String> handlers = handlers(backends);
    String out = primeEveryFunction(dir, handlers, "snap-start", backends);
    // Every handler's priming resource ran its sample to the answer it expects.
    assertTrue(out.contains("PRIMED " + handlers.size() + " " + handlers.size()), out);
    assertEquals(0, primingItems(backend), "priming wrote nothing to DynamoDB");
  }

  @Test
  void anOnDemandInitRegistersNoPriming(@TempDir Path dir) throws Exception {
    LambdaRuntimeApi.nativeLibraryForThisMachine("SnapStartPrimingTest");
    TestBackends backends = TestBackends.get();
    List<String> handlers = handlers(backends);
    // The runtime calls no hook outside SnapStart; registering would only slow the cold start.
    String out = primeEveryFunction(dir, handlers, "on-demand", backends);
    assertTrue(out.contains("PRIMED 0 " + handlers.size()), out);
  }

  private static List<String> handlers(TestBackends backends) {
    List<String> handlers =
        backends.template().functions().values().stream()
            .map(f -> f.handlerClass().split("::")[0])
            .toList();
    assertTrue(handlers.size() >= 11, handlers.toString());
    return handlers;
  }

  /** Builds every handler and runs the runtime's hooks in a child JVM; its output. */
  private static String primeEveryFunction(
      Path dir, List<String> handlers, String initialisation, TestBackends backends)
      throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PrimeEveryFunction.class.getName());
    command.addAll(handlers);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .redirectError(dir.resolve("stderr.log").toFile());
    pb.environment().putAll(backends.backends().environment(backends.template()));
    pb.environment().put("AWS_REGION", "us-east-1");
    pb.environment().put("AWS_ACCESS_KEY_ID", "local");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
    pb.environment().put("AWS_LAMBDA_INITIALIZATION_TYPE", initialisation);
    Process p = pb.start();
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), "priming every function hung");
    String stdout = java.nio.file.Files.readString(dir.resolve("stdout.log"));
    String stderr = java.nio.file.Files.readString(dir.resolve("stderr.log"));
    assertEquals(0, p.exitValue(), stdout + stderr);
    return stdout + stderr;
  }

  /**
   * Runs {@code handler} under the runtime client as SnapStart does, with one real invocation of
   * {@code event} after the restore; checks what every primed function must show and returns the
   * invocation's answer.
   */
  private static JsonNode runPrimed(
      Path dir, String function, String handler, byte[] event, TestBackends backends)
      throws Exception {
    Backend backend = backends.backend();
    assertEquals(0, primingItems(backend), "no item of the priming samples before");
    String requestId = "snap-" + function + "-" + System.nanoTime();
    JsonNode answer;
    try (LambdaRuntimeApi api = new LambdaRuntimeApi(function)) {
      api.events.add(new LambdaRuntimeApi.Invocation(requestId, event));
      Map<String, String> env = new HashMap<>(backends.backends().environment(backends.template()));
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
      Process runtime =
          api.runtime(
                  dir,
                  handler,
                  List.of("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac"),
                  env)
              .start();
      try {
        answer = api.await(requestId, runtime, dir);
      } finally {
        runtime.destroy();
        runtime.waitFor(10, TimeUnit.SECONDS);
      }

      assertEquals(List.of(), api.errors(), "no init, restore or invocation error reported");
      List<LambdaRuntimeApi.Call> calls = api.calls();
      List<String> paths = calls.stream().map(LambdaRuntimeApi.Call::path).toList();
      int restore = paths.indexOf("restore/next");
      assertTrue(restore >= 0, "the runtime asked for the restore: " + paths);
      assertTrue(
          restore < paths.indexOf("invocation/next"),
          "restored before the first invocation: " + paths);

      List<JsonNode> primed =
          LambdaRuntimeApi.lines(dir).stream()
              .filter(l -> l.path("message").asText().equals("primed"))
              .toList();
      assertEquals(1, primed.size(), "one primed line: " + primed);
      JsonNode line = primed.get(0);
      assertEquals(function, line.path("function").asText());
      assertTrue(line.path("millis").asLong(-1) >= 0, line.toString());
      long primedAt = Instant.parse(line.path("timestamp").asText()).toEpochMilli();
      assertTrue(
          primedAt <= calls.get(restore).atMillis(),
          "primed at " + primedAt + ", before the snapshot at " + calls.get(restore).atMillis());
    }
    assertEquals(0, primingItems(backend), "priming wrote nothing to DynamoDB");
    return answer;
  }

  /** Items of any table naming the priming campaign, its users or its events. */
  /** The count below sees an item keyed by a priming id (so its zero means something). */
  private static void assertCountsAPrimingItem(Backend backend) throws Exception {
    Map<String, AttributeValue> key =
        Map.of("campaignId", AttributeValue.fromS(PRIMING + "-check-" + System.nanoTime()));
    String table = backend.tables().campaigns();
    backend.dynamo().putItem(r -> r.tableName(table).item(key));
    try {
      assertEquals(1, primingItems(backend), "the check finds an item keyed by a priming id");
    } finally {
      backend.dynamo().deleteItem(r -> r.tableName(table).key(key));
    }
  }

  /**
   * Items of every table whose key names a priming id (the campaign, its users, its events all
   * start with {@link #PRIMING}): a filtered count on the server, not a full read back.
   */
  private static long primingItems(Backend backend) throws Exception {
    long count = 0;
    for (Template.Table t : TestBackends.get().template().tables()) {
      List<String> keys =
          t.create().keySchema().stream().map(KeySchemaElement::attributeName).toList();
      Map<String, String> names = new HashMap<>();
      List<String> contains = new java.util.ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        names.put("#k" + i, keys.get(i));
        contains.add("contains(#k" + i + ", :p)");
      }
      for (var page :
          backend
              .dynamo()
              .scanPaginator(
                  r ->
                      r.tableName(t.create().tableName())
                          .select(Select.COUNT)
                          .filterExpression(String.join(" OR ", contains))
                          .expressionAttributeNames(names)
                          .expressionAttributeValues(
                              Map.of(":p", AttributeValue.fromS(PRIMING))))) {
        count += page.count();
      }
    }
    return count;
  }

  private static boolean hasUserItems(Backend backend, String user) {
    return backend
            .dynamo()
            .query(
                r ->
                    r.tableName(backend.tables().users())
                        .keyConditionExpression("userId = :u")
                        .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(user))))
            .count()
        > 0;
  }

  /** {@code POST /campaigns/{campaignId}/exposures} as API Gateway (payload 2.0) sends it. */
  private static byte[] exposuresEvent(String campaign, String body) throws Exception {
    String route = "POST /campaigns/{campaignId}/exposures";
    String path = "/campaigns/" + campaign + "/exposures";
    ObjectNode e = Http.JSON.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", route);
    e.put("rawPath", path);
    e.put("rawQueryString", "");
    e.putObject("headers").put("content-type", "application/json");
    e.putObject("pathParameters").put("campaignId", campaign);
    ObjectNode ctx = e.putObject("requestContext");
    ctx.put("requestId", "api-" + campaign);
    ctx.put("routeKey", route);
    ctx.put("stage", "$default");
    ObjectNode http = ctx.putObject("http");
    http.put("method", "POST");
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    e.put("body", body);
    e.put("isBase64Encoded", false);
    return Http.JSON.writeValueAsBytes(e);
  }

  /** One message of the ingest queue, of kind {@code outcomes} (docs/queue.md). */
  private static byte[] sqsEvent(String id, String body) throws Exception {
    ObjectNode e = Http.JSON.createObjectNode();
    ObjectNode r = e.putArray("Records").addObject();
    r.put("messageId", id);
    r.put("receiptHandle", "receipt-" + id);
    r.put("body", body);
    r.putObject("attributes").put("ApproximateReceiveCount", "1");
    r.putObject("messageAttributes")
        .putObject("kind")
        .put("stringValue", "outcomes")
        .put("dataType", "String");
    r.put("eventSource", "aws:sqs");
    r.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:IngestQueue");
    r.put("awsRegion", "us-east-1");
    return Http.JSON.writeValueAsBytes(e);
  }
}
