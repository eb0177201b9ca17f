package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our log lines under the real Lambda Java runtime client (aws-lambda-java-runtime-interface-client
 * from Maven Central, native part included) with the template's {@code LogFormat: JSON}: the
 * runtime runs in a child JVM against a minimal Lambda Runtime API served here, CampaignsHandler
 * answers two API Gateway events on DynamoDB Local, and every line the runtime writes must be a
 * JSON object whose {@code route}, {@code status} and {@code requestId} are top-level fields — what
 * CloudWatch Logs Insights can query — with the stack trace of a 500 as a field too. The Runtime
 * API is {@link LambdaRuntimeApi}, shared with SnapStartPrimingTest.
 */
class RuntimeInterfaceClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void logLinesReachCloudWatchAsFieldsUnderTheLambdaRuntime(@TempDir Path dir) throws Exception {
    String nativeLibrary =
        LambdaRuntimeApi.nativeLibraryForThisMachine("RuntimeInterfaceClientTest");
    TestBackends backends = TestBackends.get();
    String unknown = Campaigns.uniqueId("ric-unknown");

    try (LambdaRuntimeApi api = new LambdaRuntimeApi("CampaignsFunction")) {
      api.events.add(
          new LambdaRuntimeApi.Invocation(
              "ric-404-" + unknown,
              apiEvent("GET /campaigns/{campaignId}", "/campaigns/" + unknown, unknown)));
      // Not an API Gateway event: the handler fails, which must be logged with its stack trace.
      api.events.add(
          new LambdaRuntimeApi.Invocation(
              "ric-500-" + unknown, "[]".getBytes(StandardCharsets.UTF_8)));

      Process runtime =
          api.runtime(
                  dir,
                  "campaignlift.handler.CampaignsHandler::handleRequest",
                  List.of(),
                  backends.backends().environment(backends.template()))
              .start();
      try {
        JsonNode notFound = api.await("ric-404-" + unknown, runtime, dir);
        JsonNode failed = api.await("ric-500-" + unknown, runtime, dir);
        assertEquals(404, notFound.path("statusCode").asInt(), notFound.toString());
        assertEquals(500, failed.path("statusCode").asInt(), failed.toString());
      } finally {
        runtime.destroy();
        runtime.waitFor(10, TimeUnit.SECONDS);
      }

      List<JsonNode> lines = LambdaRuntimeApi.lines(dir);
      for (JsonNode line : lines) {
        assertTrue(line.isObject(), "a JSON object per line: " + line);
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
}
