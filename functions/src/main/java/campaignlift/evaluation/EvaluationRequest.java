package campaignlift.evaluation;

import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message of a scheduled run's fan-out (docs/operations.md): evaluate {@code campaignId} for
 * run {@code runId}, as a running campaign or for its final evaluation. Encoded as {@code
 * {"runId","campaignId","decision":"RUNNING|FINAL","enqueuedAt"}}.
 */
public record EvaluationRequest(
    String runId, String campaignId, ScheduledEvaluation.Decision decision, String enqueuedAt) {

  public EvaluationRequest {
    if (runId == null || campaignId == null || decision == null || enqueuedAt == null) {
      throw new IllegalArgumentException("runId, campaignId, decision and enqueuedAt are required");
    }
    if (decision == ScheduledEvaluation.Decision.SKIP) {
      throw new IllegalArgumentException("a skipped campaign is not enqueued");
    }
  }

  /** The message body; spelled out, as {@link #parse} reads it, without bean introspection. */
  public String toJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", runId);
    body.put("campaignId", campaignId);
    body.put("decision", decision.name());
    body.put("enqueuedAt", enqueuedAt);
    return Json.write(body);
  }

  /**
   * Reads a message body.
   *
   * @throws IllegalArgumentException when it is not such a message
   */
  public static EvaluationRequest parse(String body) {
    JsonNode n = Json.message(body);
    ScheduledEvaluation.Decision decision;
    try {
      decision = ScheduledEvaluation.Decision.valueOf(n.path("decision").asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("decision must be RUNNING or FINAL");
    }
    return new EvaluationRequest(
        text(n, "runId"), text(n, "campaignId"), decision, text(n, "enqueuedAt"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isTextual() ? v.asText() : null;
  }
}
