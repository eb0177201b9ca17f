package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our log lines under the real Lambda Java runtime client (aws-lambda-java-runtime-interface-client
 * from Maven Central, native part included) with the template's {@code LogFormat: JSON}: the
 * runtime runs in a child JVM against a minimal Lambda Runtime API served here, CampaignsHandler
 * answers two API Gateway events on DynamoDB Local, and every line the runtime writes must be a
 * JSON object whose {@code route}, {@code status} and {@code requestId} are top-level fields — what
 * CloudWatch Logs Insights can query — with the stack trace of a 500 as a field too.
 */
class RuntimeInterfaceClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NATIVE_LIBRARY = "jni/libaws-lambda-jni.linux-%s.so";

  @Test
  void logLinesReachCloudWatchAsFieldsUnderTheLambdaRuntime(@TempDir Path dir) throws Exception {
    String nativeLibrary = nativeLibraryForThisMachine();
    TestBackends backends = TestBackends.get();
    String unknown = Campaigns.uniqueId("ric-unknown");

    try (RuntimeApi api = new RuntimeApi()) {
      api.events.add(
          new Invocation(
              "ric-404-" + unknown,
              apiEvent("GET /campaigns/{campaignId}", "/campaigns/" + unknown, unknown)));
      // Not an API Gateway event: the handler fails, which must be logged with its stack trace.
      api.events.add(new Invocation("ric-500-" + unknown, "[]".getBytes(StandardCharsets.UTF_8)));

      Path stdout = dir.resolve("stdout.log");
      Path stderr = dir.resolve("stderr.log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                  "campaignlift.handler.CampaignsHandler::handleRequest")
              .directory(dir.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      Map<String, String> env = pb.environment();
      env.remove("_LAMBDA_TELEMETRY_LOG_FD"); // log to stdout, one line per entry
      env.putAll(backends.backends().environment(backends.template()));
      env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.port());
      env.put("AWS_LAMBDA_LOG_FORMAT", "JSON"); // what LoggingConfig.LogFormat: JSON sets
      env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
      env.put("AWS_LAMBDA_FUNCTION_NAME", "CampaignsFunction");
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_ACCESS_KEY_ID", "local");
      env.put("AWS_SECRET_ACCESS_KEY", "local");
      Process runtime = pb.start();
      try {
        JsonNode notFound = api.await("ric-404-" + unknown, runtime, stderr);
        JsonNode failed = api.await("ric-500-" + unknown, runtime, stderr);
        assertEquals(404, notFound.path("statusCode").asInt(), notFound.toString());
        assertEquals(500, failed.path("statusCode").asInt(), failed.toString());
      } finally {
        runtime.destroy();
        runtime.waitFor(10, TimeUnit.SECONDS);
      }

      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.readAllLines(stdout)) {
        if (!line.isBlank()) {
          JsonNode parsed = JSON.readTree(line);
          assertTrue(parsed.isObject(), "a JSON object per line: " + line);
          lines.add(parsed);
        }
      }
      JsonNode request404 = find(lines, "request", "ric-404-" + unknown, nativeLibrary);
      assertEquals("GET /campaigns/{campaignId}", request404.path("route").asText());
      assertEquals(404, request404.path("status").asInt());
      assertEquals("INFO", request404.path("level").asText());
      assertNotNull(request404.get("timestamp"));

      JsonNode request500 = find(lines, "request", "ric-500-" + unknown, nativeLibrary);
      assertEquals(500, request500.path("status").asInt());
      JsonNode error = find(lines, "request failed", "ric-500-" + unknown, nativeLibrary);
      assertEquals("ERROR", error.path("level").asText());
      assertEquals("java.lang.IllegalArgumentException", error.path("errorType").asText());
      assertTrue(error.path("errorMessage").asText().contains("not an API Gateway v2 request"));
      assertTrue(
          error.path("stackTrace").asText().contains("campaignlift.http.ApiGateway.decode"),
          error.path("stackTrace").asText());
    }
  }

  /** Our line with this message and request id, its fields at the top level. */
  private static JsonNode find(
      List<JsonNode> lines, String message, String requestId, String nativeLibrary) {
    for (JsonNode line : lines) {
      if (line.path("message").asText().equals(message)
          && line.path("requestId").asText().equals(requestId)) {
        return line;
      }
    }
    throw new AssertionError(
        "no top-level {message: "
            + message
            + ", requestId: "
            + requestId
            + "} among the runtime's lines (native client "
            + nativeLibrary
            + "): "
            + lines);
  }

  /** The runtime client ships its native part for Linux x86_64 and aarch64 only. */
  private static String nativeLibraryForThisMachine() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String suffix =
        switch (arch) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "aarch_64";
          default -> null;
        };
    String reason =
        "the Lambda runtime interface client has no native library for " + os + "/" + arch;
    if (!os.contains("linux") || suffix == null) {
      System.out.println("RuntimeInterfaceClientTest skipped: " + reason);
      Assumptions.abort(reason);
    }
    String resource = String.format(NATIVE_LIBRARY, suffix);
    assertNotNull(
        RuntimeInterfaceClientTest.class.getClassLoader().getResource(resource),
        resource + " in the runtime client's jar");
    return resource;
  }

  /** An API Gateway HTTP API (payload 2.0) event as the twin builds it for a GET. */
  private static byte[] apiEvent(String routeKey, String path, String campaignId)
      throws IOException {
    ObjectNode e = JSON.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", routeKey);
    e.put("rawPath", path);
    e.put("rawQueryString", "");
    e.putObject("headers").put("accept", "application/json");
    e.putObject("pathParameters").put("campaignId", campaignId);
    ObjectNode ctx = e.putObject("requestContext");
    ctx.put("requestId", "api-" + campaignId);
    ctx.put("routeKey", routeKey);
    ctx.put("stage", "$default");
    ObjectNode http = ctx.putObject("http");
    http.put("method", "GET");
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    e.put("isBase64Encoded", false);
    return JSON.writeValueAsBytes(e);
  }

  private record Invocation(String requestId, byte[] event) {}

  /**
   * The part of the Lambda Runtime API the runtime client uses: hands out queued events on {@code
   * GET /next} (blocking while there are none, as Lambda does) and records what the function
   * answered.
   */
  private static final class RuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime";
    final BlockingQueue<Invocation> events = new LinkedBlockingQueue<>();
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    RuntimeApi() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext(BASE, this::exchange);
      server.setExecutor(executor);
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    private void exchange(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.equals(BASE + "/invocation/next")) {
          Invocation next = events.poll(120, TimeUnit.SECONDS);
          if (next == null) {
            exchange.sendResponseHeaders(500, -1);
            return;
          }
          var h = exchange.getResponseHeaders();
          h.set("Content-Type", "application/json");
          h.set("Lambda-Runtime-Aws-Request-Id", next.requestId());
          h.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 29_000));
          h.set(
              "Lambda-Runtime-Invoked-Function-Arn",
              "arn:aws:lambda:us-east-1:000000000000:function:CampaignsFunction");
          h.set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
          exchange.sendResponseHeaders(200, next.event().length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(next.event());
          }
          return;
        }
        // .../invocation/{id}/response, .../invocation/{id}/error or .../init/error
        String key = path.substring(BASE.length() + 1);
        answers.put(key, body);
        exchange.sendResponseHeaders(202, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The function's answer to {@code requestId}; fails with the runtime's output otherwise. */
    JsonNode await(String requestId, Process runtime, Path stderr) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        byte[] answer = answers.get("invocation/" + requestId + "/response");
        if (answer != null) {
          return JSON.readTree(answer);
        }
        if (!runtime.isAlive() || answers.keySet().stream().anyMatch(k -> k.endsWith("error"))) {
          break;
        }
        Thread.sleep(50);
      }
      throw new AssertionError(
          "no answer to "
              + requestId
              + "; runtime API saw "
              + answers.keySet()
              + "; runtime stderr: "
              + Files.readString(stderr));
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
