package campaignlift.handler;

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
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code ScheduledEvaluationFunction} (EventBridge schedule): fans the run out — one message per
 * running campaign and per ended one due its final evaluation to the evaluation queue, which {@code
 * EvaluationWorkerFunction} consumes (docs/operations.md). Answers {@code {"runId", "enqueued":
 * [ids], "failed": [{campaignId, error}], "skipped": n}}; {@code failed} lists the campaigns that
 * could not even be read. The run's id is the EventBridge event's {@code id}, so Lambda's retry of
 * the same event continues the same run, or a new UUID for an event without one.
 */
public final class ScheduledEvaluationHandler implements RequestStreamHandler {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final ScheduledEvaluation scheduled;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public ScheduledEvaluationHandler() {
    this(
        Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "ScheduledEvaluationFunction");
  }

  public ScheduledEvaluationHandler(Backend backend, Clock clock) {
    this(backend, clock, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private ScheduledEvaluationHandler(Backend backend, Clock clock, String primedAs) {
    this.scheduled = Wiring.scheduled(backend, clock);
    // The sample run must find the sample campaign and enqueue its evaluation.
    this.priming =
        Priming.register(
            primedAs,
            this,
            backend,
            answer -> Priming.succeeded(answer) && answer.path("enqueued").size() > 0);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    // The event's content does not matter beyond its id (schedule or manual invocation); it must
    // be JSON.
    JsonNode event = Json.MAPPER.readTree(input);
    String id = event == null ? "" : event.path("id").asText("");
    String runId = RUN_ID.matcher(id).matches() ? id : UUID.randomUUID().toString();
    ScheduledEvaluation.RunOutcome outcome = scheduled.run(runId);
    List<Map<String, String>> failed = new ArrayList<>();
    for (ScheduledEvaluation.Failure f : outcome.failed()) {
      Log.error(
          context,
          "campaign evaluation failed",
          Map.of("runId", runId, "campaignId", f.campaignId(), "error", f.error()),
          f.cause());
      failed.add(Map.of("campaignId", f.campaignId(), "error", f.error()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", runId);
    body.put("enqueued", outcome.enqueued());
    body.put("failed", failed);
    body.put("skipped", outcome.skipped());
    Log.info(
        context,
        "scheduled evaluation enqueued",
        Map.of(
            "runId", runId,
            "enqueued", outcome.enqueued().size(),
            "failed", failed.size(),
            "skipped", outcome.skipped()));
    Json.write(output, body);
  }
}
