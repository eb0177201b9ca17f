package campaignlift.handler;

import campaignlift.aggregate.Recompute;
import campaignlift.aggregate.RecomputeTask;
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
import java.util.List;
import java.util.Map;

/**
 * {@code RecomputeWorkerFunction} (SQS event source, docs/aggregates.md): runs each message's
 * {@link RecomputeTask}, one write shard of a recompute. Answers the partial batch response {@code
 * {"batchItemFailures": [{"itemIdentifier": messageId}]}}: a failed task is redelivered after the
 * visibility timeout and, after the queue's receive limit, lands in its dead-letter queue; a task
 * delivered twice counts its shard once.
 */
public final class RecomputeWorkerHandler implements RequestStreamHandler {
  /** Time kept in hand when deciding whether to read another page of a shard. */
  public static final int RESERVE_MILLIS = 60_000;

  private final Recompute recompute;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public RecomputeWorkerHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "RecomputeWorkerFunction");
  }

  public RecomputeWorkerHandler(Backend backend, Clock clock) {
    this(backend, clock, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private RecomputeWorkerHandler(Backend backend, Clock clock, String primedAs) {
    this.recompute = Wiring.recompute(backend, clock);
    this.priming = Priming.register(primedAs, this, backend);
  }

  /** A worker on a given recompute core (tests wire its queue). */
  public RecomputeWorkerHandler(Recompute recompute) {
    this.recompute = recompute;
    this.priming = null;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = Json.MAPPER.readTree(input);
    List<Map<String, String>> failures = new ArrayList<>();
    for (JsonNode message : event.path("Records")) {
      String id = message.path("messageId").asText();
      try {
        RecomputeTask task = RecomputeTask.parse(message.path("body").asText());
        // Another page only while a minute is left: enough to store the segment read so far and
        // send the next one (or merge, for the last shard) before Lambda's timeout.
        Recompute.Outcome outcome =
            recompute.run(task, () -> context.getRemainingTimeInMillis() > RESERVE_MILLIS);
        Log.info(
            context,
            "recompute task",
            Map.of(
                "campaignId", task.campaignId(),
                "recomputeId", task.recomputeId(),
                "shard", task.shard(),
                "segment", task.segment(),
                "outcome", outcome.name()));
      } catch (RuntimeException e) {
        // Only this message is retried (and dead-lettered after the receive limit); a body that
        // is not a task fails the same way, so it is kept for inspection rather than dropped.
        Log.error(context, "recompute task failed", Map.of("messageId", id), e);
        failures.add(Map.of("itemIdentifier", id));
      }
    }
    Json.write(output, Map.of("batchItemFailures", failures));
  }
}
