package campaignlift.local;

import campaignlift.evaluation.RunSummary;
import campaignlift.store.Backend;
import campaignlift.store.DynamoEvaluationRuns;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What {@code ./lift serve} prints about queued work: once a queue's consumers go idle (no message
 * left, none in flight), the summary of each scheduled run they worked for (evaluated, failed with
 * why, skipped; read through {@link DynamoEvaluationRuns}) and every message newly moved to a
 * dead-letter queue.
 */
final class RunReports implements SqsEventSources.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Template template;
  private final LocalBackends backends;
  private final DynamoEvaluationRuns runs;
  private final PrintStream out;
  private final Set<String> pendingRuns = ConcurrentHashMap.newKeySet();
  private final Set<String> printedDeadLetters = ConcurrentHashMap.newKeySet();

  RunReports(Template template, LocalBackends backends, Backend backend, PrintStream out) {
    this.template = template;
    this.backends = backends;
    this.runs = new DynamoEvaluationRuns(backend.dynamo(), backend.tables().aggregates());
    this.out = out;
  }

  @Override
  public void handled(
      Template.QueueEvent source, List<Message> batch, Set<String> failed, int inFlight) {
    for (Message m : batch) {
      try {
        JsonNode body = JSON.readTree(m.body());
        if (body != null && body.path("runId").isTextual()) {
          pendingRuns.add(body.path("runId").asText());
        }
      } catch (Exception notJson) {
        // Not a run's message: nothing to summarise.
      }
    }
    Map<String, String> urls = backends.queueUrls();
    String url = urls.get(source.queueId());
    if (inFlight > 0 || url == null || backends.queues().depth(url) > 0) {
      return;
    }
    synchronized (this) {
      for (String runId : Set.copyOf(pendingRuns)) {
        pendingRuns.remove(runId);
        runs.read(runId).ifPresent(this::print);
      }
      Template.Queue queue = template.queues().get(source.queueId());
      if (queue != null && queue.deadLetterQueueId() != null) {
        printDeadLetters(queue.deadLetterQueueId(), urls.get(queue.deadLetterQueueId()));
      }
    }
  }

  private void print(RunSummary s) {
    out.printf(
        "run %s (started %s): %d enqueued, %d evaluated, %d failed, %d skipped%n",
        s.runId(),
        s.start().startedAt(),
        s.start().enqueued(),
        s.with(RunSummary.Outcome.EVALUATED).size(),
        s.with(RunSummary.Outcome.FAILED).size() + s.start().unreadable().size(),
        s.start().skipped() + s.with(RunSummary.Outcome.SKIPPED).size());
    s.start().unreadable().forEach(f -> out.printf("  failed %s: %s%n", f.campaignId(), f.error()));
    s.with(RunSummary.Outcome.FAILED)
        .forEach(
            c ->
                out.printf(
                    "  failed %s (attempt %d): %s%n", c.campaignId(), c.attempt(), c.error()));
    out.flush();
  }

  private void printDeadLetters(String dlqId, String dlqUrl) {
    if (dlqUrl == null) {
      return;
    }
    // Looked at, not taken: visibility 0 leaves each message in the dead-letter queue.
    for (Message m :
        backends
            .queues()
            .client()
            .receiveMessage(
                r ->
                    r.queueUrl(dlqUrl)
                        .maxNumberOfMessages(10)
                        .visibilityTimeout(0)
                        .messageAttributeNames("errorCode", "error"))
            .messages()) {
      if (printedDeadLetters.add(m.messageId())) {
        // A message the SQS front door rejected carries its reason (docs/queue.md).
        var error = m.messageAttributes().get("error");
        out.printf(
            "dead-lettered in %s: %s%s%n",
            dlqId, m.body(), error == null ? "" : " - rejected: " + error.stringValue());
      }
    }
    out.flush();
  }
}
