package campaignlift.handler;

import campaignlift.evaluation.ScheduledEvaluation;
import campaignlift.json.Json;
import campaignlift.store.Backend;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ScheduledEvaluationFunction} (EventBridge schedule): evaluates every running campaign and
 * each ended one once more after its last window matures; one failing campaign is logged and
 * skipped. Answers {@code {"evaluated": [ids], "failed": [{campaignId, error}], "skipped": n}}.
 */
public final class ScheduledEvaluationHandler implements RequestStreamHandler {
  private final ScheduledEvaluation scheduled;

  /** Lambda's entry point: clients from the environment, wall-clock time. */
  public ScheduledEvaluationHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC());
  }

  public ScheduledEvaluationHandler(Backend backend, Clock clock) {
    this.scheduled = Wiring.scheduled(backend, clock);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    // The event's content does not matter (schedule or manual invocation); it must be JSON.
    Json.MAPPER.readTree(input);
    ScheduledEvaluation.RunOutcome outcome = scheduled.run();
    List<Map<String, String>> failed = new ArrayList<>();
    for (ScheduledEvaluation.Failure f : outcome.failed()) {
      Log.error(
          context,
          "campaign evaluation failed",
          Map.of("campaignId", f.campaignId(), "error", f.error()),
          f.cause());
      failed.add(Map.of("campaignId", f.campaignId(), "error", f.error()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("evaluated", outcome.evaluated());
    body.put("failed", failed);
    body.put("skipped", outcome.skipped());
    Log.info(
        context,
        "scheduled evaluation",
        Map.of(
            "evaluated", outcome.evaluated().size(),
            "failed", failed.size(),
            "skipped", outcome.skipped()));
    Json.MAPPER.writeValue(output, body);
  }
}
