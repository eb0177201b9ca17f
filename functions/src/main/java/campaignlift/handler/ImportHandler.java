package campaignlift.handler;

import campaignlift.ingest.ImportJob;
import campaignlift.ingest.ImportReport;
import campaignlift.json.Json;
import campaignlift.store.Backend;
import campaignlift.store.S3Objects;
import campaignlift.support.DaemonThreads;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ImportFunction}: S3 {@code ObjectCreated} events under {@code imports/}. Each record's
 * object is imported by {@link ImportJob}; the response and the log carry one report per object
 * (counts only, never line contents). A fault (DynamoDB or S3 failing) fails the invocation so
 * Lambda retries the event; re-running a file records nothing twice.
 */
public final class ImportHandler implements RequestStreamHandler {
  /**
   * Users written in parallel while importing. Higher than the API functions' pool: a chunk of 500
   * lines spans up to 500 users, each a DynamoDB round trip, and the import has 15 minutes per
   * file.
   */
  static final int IMPORT_CONCURRENCY = 16;

  private static final ExecutorService IMPORT_WRITERS =
      Executors.newFixedThreadPool(IMPORT_CONCURRENCY, DaemonThreads.named("lift-import-writer"));

  private final ImportJob job;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public ImportHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "ImportFunction");
  }

  public ImportHandler(Backend backend, Clock clock) {
    this(backend, clock, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private ImportHandler(Backend backend, Clock clock, String primedAs) {
    this.job =
        new ImportJob(
            Wiring.recorder(backend, clock, IMPORT_WRITERS),
            new S3Objects(backend.s3()),
            Path.of(System.getProperty("java.io.tmpdir")),
            clock);
    // The sample's object is answered from memory too, so priming imports a file end to end.
    this.priming =
        Priming.register(
            primedAs,
            this,
            backend,
            event -> withSampleFile(event, backend),
            answer -> answer.path("files").path(0).path("status").asText().equals("imported"),
            () -> {});
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event = Json.MAPPER.readTree(input);
    List<ImportReport> files = new ArrayList<>();
    JsonNode records = event == null ? null : event.get("Records");
    if (records == null || !records.isArray()) {
      Log.error(context, "import: not an S3 event (no Records array)", Map.of());
    } else {
      for (JsonNode record : records) {
        String bucket = record.path("s3").path("bucket").path("name").asText("");
        String rawKey = record.path("s3").path("object").path("key").asText("");
        String key = decode(rawKey);
        ImportReport report;
        try {
          if (bucket.isEmpty() || key == null || key.isEmpty()) {
            report = ImportReport.malformed(key == null ? rawKey : key);
          } else {
            report = job.run(bucket, key);
          }
        } catch (IOException | RuntimeException e) {
          Map<String, Object> fields = new LinkedHashMap<>();
          fields.put("bucket", bucket);
          fields.put("key", key);
          Log.error(context, "import failed; the event will be retried", fields, e);
          throw e;
        }
        files.add(report);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("bucket", bucket);
        fields.putAll(report.fields());
        Object reason = fields.remove("message"); // the log line's own "message" is the summary
        if (reason != null) {
          fields.put("reason", reason);
        }
        if (report.status().equals("imported") || report.status().equals("ignored")) {
          Log.info(context, "import " + report.status(), fields);
        } else {
          Log.error(context, "import " + report.status(), fields);
        }
      }
    }
    Json.write(output, Map.of("files", files.stream().map(ImportReport::fields).toList()));
  }

  /** Registers {@code priming/ImportFunction.jsonl} as the object the sample event names. */
  private static JsonNode withSampleFile(JsonNode event, Backend backend) {
    JsonNode s3 = event.path("Records").path(0).path("s3");
    backend
        .priming()
        .object(
            s3.path("bucket").path("name").asText(),
            s3.path("object").path("key").asText(),
            Priming.resourceBytes("priming/ImportFunction.jsonl"));
    return event;
  }

  /** An S3 event key URL-decoded ({@code +} is a space), or null when it is not valid encoding. */
  static String decode(String key) {
    try {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
