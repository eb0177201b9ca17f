package campaignlift.ingest;

import campaignlift.campaign.Identifiers;
import campaignlift.recording.Recorder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * The S3 bulk import of one object (docs/write-path.md): JSON Lines or CSV exposures under {@code
 * imports/exposures/{campaignId}/} or outcomes under {@code imports/outcomes/}, and shop exports
 * translated into outcomes — EC-CUBE order CSVs under {@code imports/ec-cube/orders/} ({@link
 * EcCubeOrders}), Amplitude Export API archives under {@code imports/amplitude/} ({@link
 * AmplitudeExport}; docs/shop-exports.md) — streamed line by line ({@link ImportRun}), read into
 * typed records by the API's own rules and recorded through the same {@link Recorder} in chunks of
 * {@link #CHUNK} records, so memory is bounded by one chunk whatever the file's size. A bad line
 * never rejects its neighbours: it goes to the {@code *.errors.jsonl} report beside the file.
 * Re-running a file records nothing twice, because the write path is idempotent.
 */
public final class ImportJob {
  /** Records per call of the write path. */
  public static final int CHUNK = 500;

  /** The longest line (JSON Lines) or row (CSV) read, in characters; longer ones are invalid. */
  public static final int MAX_LINE_CHARS = 64 * 1024;

  /** How much of a bad line's text its error entry quotes. */
  public static final int MAX_QUOTED_CHARS = 2048;

  /** Largest error report written; bad lines past it are counted only. */
  public static final long MAX_ERRORS_BYTES = 100L * 1024 * 1024;

  public static final String ERRORS_SUFFIX = ".errors.jsonl";

  static final String EXPOSURES = "exposures";
  static final String OUTCOMES = "outcomes";

  /** An EC-CUBE 4 order export (docs/shop-exports.md). */
  static final String EC_CUBE = "ec-cube";

  /** An Amplitude Export API archive (docs/shop-exports.md). */
  static final String AMPLITUDE = "amplitude";

  private static final String EXPOSURES_PREFIX = "imports/exposures/";
  private static final String OUTCOMES_PREFIX = "imports/outcomes/";
  private static final String EC_CUBE_PREFIX = "imports/ec-cube/";
  static final String EC_CUBE_ORDERS = "imports/ec-cube/orders/";
  static final String EC_CUBE_MAPPING = "imports/ec-cube/mapping.json";
  private static final String AMPLITUDE_PREFIX = "imports/amplitude/";
  static final String AMPLITUDE_MAPPING = "imports/amplitude/mapping.json";

  private final Recorder recorder;
  private final ImportBucket objects;
  private final Path spool;
  private final Clock clock;

  /**
   * @param spool directory for the temporary error report (e.g. {@code java.io.tmpdir})
   * @param clock the time records are judged at ("not in the future")
   */
  public ImportJob(Recorder recorder, ImportBucket objects, Path spool, Clock clock) {
    this.recorder = recorder;
    this.objects = objects;
    this.spool = spool;
    this.clock = clock;
  }

  /** Imports object {@code key} of {@code bucket} (the key already URL-decoded). */
  public ImportReport run(String bucket, String key) throws IOException {
    if (!segmentsAreNames(key)) {
      // Tools that resolve "." and ".." (or collapse "//") would place this key, and the error
      // report derived from it, outside the import prefix: never read it, never write beside it.
      return ImportReport.notImported(
          key, null, "skipped", "Import keys may not have empty, \".\" or \"..\" path segments.");
    }
    if (key.endsWith(ERRORS_SUFFIX)) {
      return ImportReport.notImported(
          key, null, "ignored", "An error report of an earlier import.");
    }
    String name = key.substring(key.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String kind;
    String campaignId = null;
    if (key.startsWith(EC_CUBE_PREFIX)) {
      kind = EC_CUBE;
      if (key.equals(EC_CUBE_MAPPING)) {
        return ImportReport.notImported(
            key, kind, "ignored", "The EC-CUBE mapping, read by each EC-CUBE import.");
      }
      if (!key.startsWith(EC_CUBE_ORDERS)) {
        return ImportReport.notImported(
            key, kind, "skipped", "EC-CUBE order exports go under " + EC_CUBE_ORDERS + ".");
      }
      if (!extension.equals("csv")) {
        return ImportReport.notImported(
            key, kind, "unsupported", "EC-CUBE order exports end in .csv.");
      }
    } else if (key.startsWith(AMPLITUDE_PREFIX)) {
      kind = AMPLITUDE;
      if (key.equals(AMPLITUDE_MAPPING)) {
        return ImportReport.notImported(
            key, kind, "ignored", "The Amplitude mapping, read by each Amplitude import.");
      }
      if (!extension.equals("zip")) {
        return ImportReport.notImported(
            key, kind, "unsupported", "Amplitude exports are .zip archives of the Export API.");
      }
    } else if (key.startsWith(EXPOSURES_PREFIX)) {
      kind = EXPOSURES;
      String rest = key.substring(EXPOSURES_PREFIX.length());
      int slash = rest.indexOf('/');
      campaignId = slash < 0 ? "" : rest.substring(0, slash);
      if (slash < 0 || slash == rest.length() - 1) {
        return ImportReport.notImported(
            key, kind, "skipped", "Exposure files go under imports/exposures/{campaignId}/.");
      }
      if (!Identifiers.isValid(campaignId)) {
        return ImportReport.notImported(
            key, kind, "skipped", "The campaign id segment " + Identifiers.rule() + ".");
      }
    } else if (key.startsWith(OUTCOMES_PREFIX) && key.length() > OUTCOMES_PREFIX.length()) {
      kind = OUTCOMES;
    } else {
      return ImportReport.notImported(
          key,
          null,
          "skipped",
          "Import files go under imports/exposures/{campaignId}/, imports/outcomes/, "
              + EC_CUBE_ORDERS
              + " or "
              + AMPLITUDE_PREFIX
              + ".");
    }
    boolean csv = extension.equals("csv");
    if ((kind.equals(EXPOSURES) || kind.equals(OUTCOMES))
        && !csv
        && !extension.equals("jsonl")
        && !extension.equals("ndjson")) {
      return ImportReport.notImported(
          key, kind, "unsupported", "Import files end in .jsonl, .ndjson or .csv.");
    }
    String errorsKey = key.substring(0, key.length() - extension.length() - 1) + ERRORS_SUFFIX;
    String folder = key.substring(0, key.lastIndexOf('/') + 1);
    if (!errorsKey.startsWith(folder) || errorsKey.indexOf('/', folder.length()) >= 0) {
      throw new IllegalStateException("The error report key left the import's folder: " + key);
    }
    // A shop export's mapping is read before its file: an unusable one rejects the file.
    boolean translated = kind.equals(EC_CUBE) || kind.equals(AMPLITUDE);
    String mappingKey = kind.equals(EC_CUBE) ? EC_CUBE_MAPPING : AMPLITUDE_MAPPING;
    ShopExport export = null;
    String mappingProblem = null;
    if (translated) {
      try {
        export = ShopExport.of(kind, objects, bucket, mappingKey);
      } catch (MappingFile.Invalid e) {
        mappingProblem = e.getMessage();
      }
    }
    InputStream stream = null;
    if (mappingProblem == null) {
      try {
        stream = objects.open(bucket, key);
      } catch (ImportBucket.Missing e) {
        return ImportReport.notImported(key, kind, "missing", e.getMessage());
      }
    }
    try (InputStream in = stream;
        ImportErrors errors = new ImportErrors(spool, MAX_ERRORS_BYTES)) {
      ImportRun run =
          new ImportRun(recorder, clock, translated ? OUTCOMES : kind, campaignId, errors);
      String status;
      if (mappingProblem != null) {
        status =
            run.reject(
                0,
                "(mapping)",
                mappingKey + " " + mappingProblem,
                "The mapping " + mappingKey + " cannot be used; see " + errorsKey);
      } else if (export != null) {
        status = export.read(in, run);
      } else {
        Reader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        status = csv ? run.csv(reader) : run.jsonLines(reader);
      }
      run.finish();
      Path report = errors.finish();
      if (report != null) {
        objects.put(bucket, errorsKey, report);
      } else {
        // A report of an earlier version of the file must not outlive its correction. Deleting
        // unconditionally needs no existence check: on S3 a HEAD of a missing key answers 403,
        // not 404, to a function without s3:ListBucket, while deleting a missing key succeeds.
        objects.delete(bucket, errorsKey);
      }
      boolean rejected = status.equals("rejected");
      String message = null;
      if (rejected) {
        message =
            run.rejection() != null
                ? run.rejection()
                : "The CSV header cannot be mapped; see " + errorsKey;
      }
      return new ImportReport(
          key,
          kind,
          status,
          run.lines(),
          run.result().accepted(),
          run.result().duplicates(),
          run.result().conflicts(),
          run.result().refused(),
          rejected ? 0 : errors.count(),
          run.skipped(),
          report == null ? null : errorsKey,
          message);
    }
  }

  /** Whether every {@code /}-separated segment of {@code key} is a name: not empty, . or .. */
  static boolean segmentsAreNames(String key) {
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
