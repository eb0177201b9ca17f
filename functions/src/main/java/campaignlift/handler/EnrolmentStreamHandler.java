package campaignlift.handler;

import campaignlift.aggregate.StreamEntry;
import campaignlift.aggregate.StreamFolder;
import campaignlift.json.Json;
import campaignlift.store.Backend;
import campaignlift.store.StreamRecords;
import campaignlift.support.DaemonThreads;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code EnrolmentStreamFunction}: batches of the enrolments table's stream from Lambda's event
 * source mapping, folded into the aggregates exactly once by {@link StreamFolder}
 * (docs/aggregates.md). Answers a partial batch response, {@code {"batchItemFailures":
 * [{"itemIdentifier": "<SequenceNumber>"}]}} naming the first record not folded (none when all
 * were): the mapping re-delivers from it and, past its retries, sends the batch to the on-failure
 * queue.
 */
public final class EnrolmentStreamHandler implements RequestStreamHandler {
  /** Write-shard partitions of a batch folded in parallel: one DynamoDB transaction each. */
  static final int FOLD_CONCURRENCY = 8;

  private static final ExecutorService FOLDERS =
      Executors.newFixedThreadPool(FOLD_CONCURRENCY, DaemonThreads.named("lift-folder"));

  private final StreamFolder folder;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public EnrolmentStreamHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "EnrolmentStreamFunction");
  }

  public EnrolmentStreamHandler(Backend backend, Clock clock) {
    this(backend, clock, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private EnrolmentStreamHandler(Backend backend, Clock clock, String primedAs) {
    this.folder = Wiring.streamFolder(backend, clock, FOLDERS);
    this.priming = Priming.register(primedAs, this, backend);
  }

  /** On a given folder (tests wrap its store to inject crashes). */
  public EnrolmentStreamHandler(StreamFolder folder) {
    this.folder = folder;
    this.priming = null;
  }

  /** The pool the Lambda entry point folds on, for a folder built by tests. */
  public static ExecutorService pool() {
    return FOLDERS;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = Json.MAPPER.readTree(input);
    JsonNode records = event == null ? null : event.get("Records");
    List<StreamEntry> batch = new ArrayList<>();
    if (records == null || !records.isArray()) {
      Log.error(context, "enrolment stream: not a DynamoDB stream event (no Records)", Map.of());
    } else {
      records.forEach(r -> batch.add(StreamRecords.decode(r)));
    }
    StreamFolder.Outcome outcome = folder.fold(batch);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("records", batch.size());
    fields.put("folded", outcome.folded());
    fields.put("duplicates", outcome.duplicates());
    fields.put("ttlExpiries", outcome.ttlExpiries());
    if (!outcome.unknownCampaigns().isEmpty()) {
      fields.put("unknownCampaigns", outcome.unknownCampaigns());
    }
    if (!outcome.errors().isEmpty()) {
      fields.put("errors", outcome.errors());
    }
    List<Map<String, String>> failures = new ArrayList<>();
    outcome.failed().ifPresent(seq -> failures.add(Map.of("itemIdentifier", seq)));
    if (outcome.failed().isPresent()) {
      fields.put("failedFrom", outcome.failed().get());
      Log.error(context, "enrolment stream: batch folded up to a failed record", fields);
    } else if (!outcome.errors().isEmpty() || !outcome.unknownCampaigns().isEmpty()) {
      Log.error(context, "enrolment stream: batch folded with warnings", fields);
    } else {
      Log.info(context, "enrolment stream: batch folded", fields);
    }
    Json.write(output, Map.of("batchItemFailures", failures));
  }
}
