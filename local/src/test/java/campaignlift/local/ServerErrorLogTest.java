package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 500 tells the operator what broke — the exception's type, message and stack trace in the log —
 * and tells the client only to retry; the request body never reaches the log.
 */
class ServerErrorLogTest {

  @Test
  void a500IsLoggedWithMessageAndStackTraceButNeverTheBody() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream logs = new PrintStream(captured, true, StandardCharsets.UTF_8);
    String id = Campaigns.uniqueId("err500");
    String secret = "body-marker-" + id;
    try (TwinWithFaults twin = new TwinWithFaults(9, logs)) {
      twin.faults.rate(1.0); // every DynamoDB call fails, beyond the SDK's retries
      Http.Response put =
          twin.http.put("/campaigns/" + id, Campaigns.valid().put("name", secret).toString());
      assertEquals(500, put.status(), put.raw().body());
      assertEquals("internal", put.error().path("code").asText());
      assertFalse(put.raw().body().contains("at campaignlift."), "no stack trace to the client");
    }

    String text = captured.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains(secret), "the request body is never logged");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        lines.add(Http.JSON.readTree(line));
      }
    }
    JsonNode failure =
        lines.stream()
            .filter(l -> l.path("message").asText().equals("request failed"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no 'request failed' line in " + text));
    assertEquals("ERROR", failure.path("level").asText());
    assertEquals("PUT /campaigns/{campaignId}", failure.path("route").asText());
    assertTrue(failure.path("errorType").asText().contains("DynamoDb"), failure.toString());
    assertTrue(failure.path("errorMessage").asText().contains("injected"), failure.toString());
    String stack = failure.path("stackTrace").asText();
    assertTrue(stack.contains("at campaignlift.handler.ApiHandler"), stack);
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.path("message").asText().equals("request")
                        && l.path("status").asInt() == 500
                        && l.path("requestId").asText().equals(failure.path("requestId").asText())),
        "the request line with status 500 shares the failure's requestId");
  }

  @Test
  void aFailingCampaignOfTheScheduledRunIsLoggedWithItsStackTrace() throws Exception {
    // Tables of its own, so the run evaluates only this test's campaigns.
    ScheduledEvaluationTest.FailCampaign faults = new ScheduledEvaluationTest.FailCampaign();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (IsolatedTables tables = new IsolatedTables("errlog", faults)) {
      Http http = tables.http();
      String broken = Campaigns.uniqueId("broken");
      String healthy = Campaigns.uniqueId("healthy");
      for (String id : List.of(broken, healthy)) {
        var body = Campaigns.valid();
        body.remove("endAt"); // running: evaluated on every run
        assertEquals(201, http.put("/campaigns/" + id, body.toString()).status());
      }
      faults.campaignId = broken;

      JsonNode answer =
          tables.schedule(
              Clock.systemUTC(), new PrintStream(captured, true, StandardCharsets.UTF_8));
      assertEquals(healthy, answer.path("evaluated").path(0).asText(), answer.toString());
      assertEquals(broken, answer.path("failed").path(0).path("campaignId").asText());
      assertFalse(answer.toString().contains("\tat "), "the answer carries no stack trace");
    }

    JsonNode failure = null;
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode parsed = Http.JSON.readTree(line);
      if (parsed.path("message").asText().equals("campaign evaluation failed")) {
        failure = parsed;
      }
    }
    assertTrue(failure != null, "a 'campaign evaluation failed' line: " + captured);
    assertEquals("ERROR", failure.path("level").asText());
    assertEquals("java.lang.IllegalStateException", failure.path("errorType").asText());
    assertTrue(
        failure.path("errorMessage").asText().contains("injected fault"), failure.toString());
    assertTrue(
        failure.path("stackTrace").asText().contains("\tat campaignlift.evaluation."),
        failure.path("stackTrace").asText());
  }
}
