package campaignlift.handler;

import campaignlift.json.Json;
import campaignlift.queue.IngestMessage;
import campaignlift.queue.QueueIngest;
import campaignlift.recording.BatchResult;
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
 * {@code QueueIngestFunction} (SQS event source on the ingest queue, {@code
 * ReportBatchItemFailures}; docs/queue.md): records each message's exposures or outcomes through
 * {@link QueueIngest}. Answers {@code {"batchItemFailures": [{"itemIdentifier": messageId}]}}
 * naming only the messages to retry; a message that can never be recorded has already been sent to
 * the dead-letter queue with its reason and counts as handled. One log line per message (ids,
 * counts, the reason; never a body).
 */
public final class QueueIngestHandler implements RequestStreamHandler {
  /**
   * Recording (of a group of messages, or of one alone) starts only while this much time is left:
   * what the API gives one batch (29 s), so what started finishes before Lambda's timeout.
   */
  public static final int RESERVE_MILLIS = 30_000;

  private final QueueIngest ingest;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public QueueIngestHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "QueueIngestFunction");
  }

  public QueueIngestHandler(Backend backend, Clock clock) {
    this(backend, clock, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private QueueIngestHandler(Backend backend, Clock clock, String primedAs) {
    this.ingest = Wiring.queueIngest(backend, clock);
    this.priming = Priming.register(primedAs, this, backend);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    List<IngestMessage> messages = IngestMessage.fromEvent(Json.MAPPER.readTree(input));
    List<QueueIngest.Handled> outcomes =
        ingest.handle(messages, () -> context.getRemainingTimeInMillis() > RESERVE_MILLIS);
    List<Map<String, String>> failures = new ArrayList<>();
    for (QueueIngest.Handled o : outcomes) {
      log(context, o);
      if (o.status() == QueueIngest.Status.RETRY) {
        failures.add(Map.of("itemIdentifier", o.message().messageId()));
      }
    }
    Json.write(output, Map.of("batchItemFailures", failures));
  }

  private static void log(Context context, QueueIngest.Handled o) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("messageId", o.message().messageId());
    fields.put("receiveCount", o.message().receiveCount());
    if (o.request() != null) {
      fields.put("kind", o.request().kind().field());
      if (o.request().campaignId() != null) {
        fields.put("campaignId", o.request().campaignId());
      }
    }
    if (o.rejection() != null) {
      fields.put("errorCode", o.rejection().code());
      fields.put("error", o.rejection().message());
      fields.put("totalProblems", o.rejection().problems().size());
    }
    switch (o.status()) {
      case RECORDED -> {
        BatchResult r = o.result();
        fields.put("accepted", r.accepted());
        fields.put("duplicates", r.duplicates());
        fields.put("conflicts", r.conflicts());
        fields.put("refused", r.refused());
        // The counts are of the messages recorded together (docs/queue.md).
        fields.put("recordedTogether", o.together());
        Log.info(context, "queued batch recorded", fields);
      }
      case DEAD_LETTERED -> Log.error(context, "queued batch dead-lettered", fields);
      case RETRY -> Log.error(context, "queued batch left for a retry", fields, o.cause());
    }
  }
}
