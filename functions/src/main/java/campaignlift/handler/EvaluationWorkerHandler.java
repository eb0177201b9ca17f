package campaignlift.handler;

import campaignlift.evaluation.EvaluationRequest;
import campaignlift.evaluation.RunSummary;
import campaignlift.evaluation.ScheduledEvaluation;
import campaignlift.json.Json;
import campaignlift.store.Backend;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code EvaluationWorkerFunction} (SQS event source on the evaluation queue, {@code
 * ReportBatchItemFailures}): evaluates the campaign each message names, records its outcome in the
 * run's summary, and answers {@code {"batchItemFailures": [{"itemIdentifier": messageId}]}} for the
 * messages that failed, so SQS retries only those and, after the queue's {@code maxReceiveCount},
 * moves them to the dead-letter queue. A message that is not an evaluation request fails the same
 * way (and ends in the dead-letter queue for a look).
 */
public final class EvaluationWorkerHandler implements RequestStreamHandler {
  private final ScheduledEvaluation scheduled;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public EvaluationWorkerHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "EvaluationWorkerFunction");
  }

  public EvaluationWorkerHandler(Backend backend, Clock clock) {
    this(backend, clock, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private EvaluationWorkerHandler(Backend backend, Clock clock, String primedAs) {
    this.scheduled = Wiring.scheduled(backend, clock);
    this.priming = Priming.register(primedAs, this, backend);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = Json.MAPPER.readTree(input);
    List<Map<String, String>> failures = new ArrayList<>();
    for (JsonNode record : event == null ? Json.MAPPER.createArrayNode() : event.path("Records")) {
      String messageId = record.path("messageId").asText();
      int attempt = record.path("attributes").path("ApproximateReceiveCount").asInt(1);
      EvaluationRequest request;
      try {
        request = EvaluationRequest.parse(record.path("body").asText());
      } catch (IllegalArgumentException e) {
        Log.error(
            context,
            "not an evaluation request",
            Map.of("messageId", messageId, "error", e.getMessage()));
        failures.add(Map.of("itemIdentifier", messageId));
        continue;
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("runId", request.runId());
      fields.put("campaignId", request.campaignId());
      fields.put("attempt", attempt);
      ScheduledEvaluation.Attempt done;
      try {
        done = scheduled.evaluate(request, attempt);
      } catch (RuntimeException e) {
        // The outcome could not even be recorded: retried like a failed evaluation.
        Log.error(context, "campaign evaluation not recorded", fields, e);
        failures.add(Map.of("itemIdentifier", messageId));
        continue;
      }
      RunSummary.CampaignOutcome outcome = done.outcome();
      fields.put("outcome", outcome.outcome().name());
      if (outcome.outcome() == RunSummary.Outcome.FAILED) {
        fields.put("error", outcome.error());
        Log.error(context, "campaign evaluation failed", fields, done.cause());
        failures.add(Map.of("itemIdentifier", messageId));
      } else {
        Log.info(context, "campaign evaluation", fields);
      }
    }
    Json.write(output, Map.of("batchItemFailures", failures));
  }
}
