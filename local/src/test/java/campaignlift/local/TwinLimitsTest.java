package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.store.Backend;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin answers as API Gateway HTTP API does where AWS's limits bite, so tests see what AWS
 * would do: no route for a trailing slash, 500 for a function response over Lambda's 6 MB, 503 for
 * a function that outlasts the integration timeout.
 */
class TwinLimitsTest {

  /**
   * A function that answers {@code GET /big/{bytes}} with that many body bytes, slowly if asked.
   */
  public static final class SizedHandler implements RequestStreamHandler {
    public SizedHandler() {}

    public SizedHandler(Backend backend, Clock clock) {}

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context)
        throws IOException {
      JsonNode event = Http.JSON.readTree(input);
      int bytes = event.path("pathParameters").path("bytes").asInt();
      long sleep = event.path("queryStringParameters").path("sleepMs").asLong(0);
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ObjectNode response = Http.JSON.createObjectNode();
      response.put("statusCode", 200);
      response.putObject("headers").put("content-type", "application/json");
      response.put("body", "\"" + "x".repeat(bytes) + "\""); // a JSON string, as Http expects
      Http.JSON.writeValue(output, response);
    }
  }

  /** A one-function template for the sized handler (the twin reads only what it needs). */
  private static Template template(Path dir) throws IOException {
    Path file = dir.resolve("template.yaml");
    Files.writeString(
        file,
        """
        Resources:
          SizedFunction:
            Type: AWS::Serverless::Function
            Properties:
              Handler: campaignlift.local.TwinLimitsTest$SizedHandler::handleRequest
              Events:
                Big:
                  Type: HttpApi
                  Properties:
                    Method: GET
                    Path: /big/{bytes}
          Bucket:
            Type: AWS::S3::Bucket
        """);
    return Template.read(file);
  }

  /** The test template's functions on the shared backends. */
  private static LocalFunctions functions(Template template) throws Exception {
    return new LocalFunctions(template, TestBackends.get().backend(), Clock.systemUTC(), null);
  }

  @Test
  void aResponseOverSixMegabytesIsApiGatewaysInternalServerError(@TempDir Path dir)
      throws Exception {
    Template template = template(dir);
    LocalFunctions functions = functions(template);
    try (HttpTwin twin = HttpTwin.start(template, functions, 0)) {
      Http http = new Http(twin.url());
      // Just under: the envelope (statusCode, headers, body) stays within 6,291,456 bytes.
      int under = HttpTwin.MAX_RESPONSE - 1_000;
      Http.Response fits = http.get("/big/" + under);
      assertEquals(200, fits.status());
      assertEquals(under + 2, fits.raw().body().length());

      Http.Response tooBig = http.get("/big/" + (HttpTwin.MAX_RESPONSE + 1));
      assertEquals(500, tooBig.status());
      assertEquals("Internal Server Error", tooBig.json().path("message").asText());
    }
  }

  @Test
  void aFunctionThatOutlastsTheIntegrationTimeoutIsServiceUnavailable(@TempDir Path dir)
      throws Exception {
    Template template = template(dir);
    LocalFunctions functions = functions(template);
    try (HttpTwin twin = HttpTwin.start(template, functions, 0, Duration.ofMillis(500))) {
      Http http = new Http(twin.url());
      assertEquals(200, http.get("/big/10?sleepMs=10").status());

      long start = System.nanoTime();
      Http.Response slow = http.get("/big/10?sleepMs=3000");
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(503, slow.status());
      assertEquals("Service Unavailable", slow.json().path("message").asText());
      assertTrue(tookMs < 2_500, "answered at the timeout, not when the function ended: " + tookMs);
    }
  }

  @Test
  void aTrailingSlashMatchesNoRoute() throws Exception {
    Http http = new Http(TestBackends.get().url());
    String id = Campaigns.uniqueId("slash");
    assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
    assertEquals(200, http.get("/campaigns/" + id).status());

    Http.Response slash = http.get("/campaigns/" + id + "/");
    assertEquals(404, slash.status());
    assertEquals("Not Found", slash.json().path("message").asText());
    Http.Response doubled = http.get("/campaigns//" + id);
    assertEquals(404, doubled.status());
    assertEquals("Not Found", doubled.json().path("message").asText());
  }

  @Test
  void aBrokenPercentEncodingIsApiGatewaysJsonBadRequest() throws Exception {
    String base = TestBackends.get().url();
    for (String path : new String[] {"/campaigns/%zz", "/campaigns/abc%", "/campaigns/%e"}) {
      String answer = rawGet(base, path);
      assertTrue(answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertEquals("Bad Request", Http.JSON.readTree(body).path("message").asText(), answer);
      assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
    }
  }

  /** A GET sent byte for byte: HTTP clients refuse to send a path that is not a valid URI. */
  private static String rawGet(String base, String path) throws IOException {
    URI uri = URI.create(base);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
