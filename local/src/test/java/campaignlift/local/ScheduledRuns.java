package campaignlift.local;

import static org.junit.jupiter.api.Assertions.fail;

import campaignlift.evaluation.RunSummary;
import campaignlift.store.Backend;
import campaignlift.store.DynamoEvaluationRuns;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Waiting for a scheduled run's fan-out to finish: its summary has an outcome for every campaign
 * enqueued and the evaluation queue holds none of its messages any more (each was deleted after
 * success or moved to the dead-letter queue). Polls those two conditions until a deadline; never
 * sleeps a fixed time.
 */
final class ScheduledRuns {
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  private ScheduledRuns() {}

  /** The summary once {@code done} holds for it and the queue is empty; fails at the deadline. */
  static RunSummary await(
      Backend backend,
      LocalQueues queues,
      String queueUrl,
      String runId,
      Predicate<RunSummary> done) {
    DynamoEvaluationRuns runs =
        new DynamoEvaluationRuns(backend.dynamo(), backend.tables().aggregates());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Optional<RunSummary> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      last = runs.read(runId);
      if (last.isPresent() && done.test(last.get()) && queues.depth(queueUrl) == 0) {
        return last.get();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return fail("run " + runId + " did not finish within " + TIMEOUT + ": " + last);
  }

  /** A settled run: every enqueued campaign has an outcome. */
  static RunSummary awaitSettled(
      Backend backend, LocalQueues queues, String queueUrl, String runId) {
    return await(backend, queues, queueUrl, runId, RunSummary::settled);
  }

  /**
   * The run as the scheduled function answered before the fan-out: {@code evaluated}, {@code
   * failed} (unreadable and failed campaigns, with their errors) and {@code skipped}.
   */
  static JsonNode asAnswer(RunSummary summary) {
    ObjectNode out = Http.JSON.createObjectNode();
    out.put("runId", summary.runId());
    ArrayNode evaluated = out.putArray("evaluated");
    summary.with(RunSummary.Outcome.EVALUATED).forEach(c -> evaluated.add(c.campaignId()));
    ArrayNode failed = out.putArray("failed");
    summary
        .start()
        .unreadable()
        .forEach(f -> failed.addObject().put("campaignId", f.campaignId()).put("error", f.error()));
    summary
        .with(RunSummary.Outcome.FAILED)
        .forEach(
            c ->
                failed
                    .addObject()
                    .put("campaignId", c.campaignId())
                    .put("error", c.error())
                    .put("attempt", c.attempt()));
    out.put("skipped", summary.start().skipped() + summary.with(RunSummary.Outcome.SKIPPED).size());
    return out;
  }
}
