package campaignlift.recording;

import campaignlift.campaign.Identifiers;
import campaignlift.http.ApiException;
import campaignlift.http.Json;
import campaignlift.http.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The S3 bulk import of one object (docs/write-path.md): JSON Lines or CSV exposures under {@code
 * imports/exposures/{campaignId}/} or outcomes under {@code imports/outcomes/}, streamed line by
 * line and recorded through the same {@link Recorder} as the HTTP API in chunks of {@link #CHUNK}
 * records, so memory is bounded by one chunk whatever the file's size. A bad line never rejects its
 * neighbours: it goes to the {@code *.errors.jsonl} report beside the file. Re-running a file
 * records nothing twice, because the write path is idempotent.
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

  private static final String EXPOSURES_PREFIX = "imports/exposures/";
  private static final String OUTCOMES_PREFIX = "imports/outcomes/";
  private static final Set<String> EXPOSURE_COLUMNS =
      Set.of("userId", "at", "group", "userCreatedAt");
  private static final Set<String> OUTCOME_COLUMNS =
      Set.of("eventId", "userId", "type", "at", "value", "referredBy");

  private final Recorder recorder;
  private final ImportObjects objects;
  private final Path spool;

  /**
   * @param spool directory for the temporary error report (e.g. {@code java.io.tmpdir})
   */
  public ImportJob(Recorder recorder, ImportObjects objects, Path spool) {
    this.recorder = recorder;
    this.objects = objects;
    this.spool = spool;
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
    String kind;
    String campaignId = null;
    if (key.startsWith(EXPOSURES_PREFIX)) {
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
          "Import files go under imports/exposures/{campaignId}/ or imports/outcomes/.");
    }
    String name = key.substring(key.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    boolean csv = extension.equals("csv");
    if (!csv && !extension.equals("jsonl") && !extension.equals("ndjson")) {
      return ImportReport.notImported(
          key, kind, "unsupported", "Import files end in .jsonl, .ndjson or .csv.");
    }
    String errorsKey = key.substring(0, key.length() - extension.length() - 1) + ERRORS_SUFFIX;
    String folder = key.substring(0, key.lastIndexOf('/') + 1);
    if (!errorsKey.startsWith(folder) || errorsKey.indexOf('/', folder.length()) >= 0) {
      throw new IllegalStateException("The error report key left the import's folder: " + key);
    }
    InputStream stream;
    try {
      stream = objects.open(bucket, key);
    } catch (ImportObjects.Missing e) {
      return ImportReport.notImported(key, kind, "missing", e.getMessage());
    }
    try (stream;
        Reader reader =
            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 64 * 1024);
        ImportErrors errors = new ImportErrors(spool, MAX_ERRORS_BYTES)) {
      Run run = new Run(kind, campaignId, errors);
      String status = csv ? run.csv(reader) : run.jsonLines(reader);
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
      return new ImportReport(
          key,
          kind,
          status,
          run.lines,
          run.result.accepted(),
          run.result.duplicates(),
          run.result.conflicts(),
          run.result.refused(),
          rejected ? 0 : errors.count(),
          report == null ? null : errorsKey,
          rejected ? "The CSV header cannot be mapped; see " + errorsKey : null);
    }
  }

  /**
   * A line waiting for its chunk: a record to send, or a bad line's problems (kept in the chunk so
   * the error report stays in line order).
   */
  private static final class Pending {
    final long line;
    final String quoted;
    ObjectNode record;
    List<Problem> problems;

    Pending(long line, String quoted, ObjectNode record, List<Problem> problems) {
      this.line = line;
      this.quoted = quoted;
      this.record = record;
      this.problems = problems;
    }
  }

  /** The state of one file's import. */
  private final class Run {
    private final String kind;
    private final String campaignId;
    private final ImportErrors errors;
    private final List<Pending> chunk = new ArrayList<>(CHUNK);
    private long lines;
    private BatchResult result = BatchResult.EMPTY;

    Run(String kind, String campaignId, ImportErrors errors) {
      this.kind = kind;
      this.campaignId = campaignId;
      this.errors = errors;
    }

    String jsonLines(Reader reader) throws IOException {
      ImportLines in = new ImportLines(reader, MAX_LINE_CHARS);
      for (ImportLines.Line line = in.next(); line != null; line = in.next()) {
        if (line.text().isBlank()) {
          continue;
        }
        lines++;
        String quoted = quote(line.text());
        if (line.tooLong()) {
          bad(line.number(), "is longer than " + MAX_LINE_CHARS + " characters", quoted);
          continue;
        }
        JsonNode node;
        try {
          node = Json.read(line.text()); // numbers screened exactly as in request bodies
        } catch (Json.Malformed e) {
          bad(line.number(), "is not valid JSON: " + e.getMessage(), quoted);
          continue;
        }
        if (node == null || !node.isObject()) {
          bad(line.number(), "must be a JSON object", quoted);
          continue;
        }
        add(new Pending(line.number(), quoted, (ObjectNode) node, null));
      }
      flush();
      return "imported";
    }

    String csv(Reader reader) throws IOException {
      CsvReader in = new CsvReader(reader, MAX_LINE_CHARS, MAX_QUOTED_CHARS);
      CsvReader.Row header = in.next();
      if (header == null) {
        return "imported";
      }
      List<Problem> problems = new ArrayList<>();
      List<String> columns = columns(header, problems);
      if (!problems.isEmpty()) {
        errors.add(header.line(), problems, header.raw());
        return "rejected";
      }
      for (CsvReader.Row row = in.next(); row != null; row = in.next()) {
        lines++;
        if (row.problem() != null) {
          bad(row.line(), row.problem(), row.raw());
        } else if (row.cells().size() != columns.size()) {
          bad(
              row.line(),
              "has " + row.cells().size() + " cells; the header has " + columns.size(),
              row.raw());
        } else {
          add(new Pending(row.line(), row.raw(), record(columns, row.cells()), null));
        }
      }
      flush();
      return "imported";
    }

    private List<String> columns(CsvReader.Row header, List<Problem> problems) {
      if (header.problem() != null) {
        problems.add(Problem.of("(header)", header.problem()));
        return List.of();
      }
      Set<String> allowed = kind.equals(EXPOSURES) ? EXPOSURE_COLUMNS : OUTCOME_COLUMNS;
      Set<String> seen = new HashSet<>();
      List<String> columns = new ArrayList<>();
      for (String raw : header.cells()) {
        String column = raw.strip();
        boolean attribute =
            kind.equals(EXPOSURES)
                && column.startsWith("attributes.")
                && column.length() > "attributes.".length();
        if (!allowed.contains(column) && !attribute) {
          problems.add(
              Problem.of(
                  "(header)",
                  "column \""
                      + column
                      + "\" is not one of "
                      + String.join(", ", allowed.stream().sorted().toList())
                      + (kind.equals(EXPOSURES) ? " or attributes.NAME" : "")));
        } else if (!seen.add(column)) {
          problems.add(Problem.of("(header)", "column \"" + column + "\" appears twice"));
        }
        columns.add(column);
      }
      return columns;
    }

    /** A CSV row as the JSON record the API would take; empty cells are absent fields. */
    private ObjectNode record(List<String> columns, List<String> cells) {
      ObjectNode record = Json.MAPPER.createObjectNode();
      for (int i = 0; i < columns.size(); i++) {
        String column = columns.get(i);
        String cell = cells.get(i);
        if (cell.isEmpty()) {
          continue;
        }
        if (column.startsWith("attributes.")) {
          JsonNode attributes = record.get("attributes");
          ObjectNode into = attributes instanceof ObjectNode o ? o : record.putObject("attributes");
          into.put(column.substring("attributes.".length()), cell);
        } else if (column.equals("value")) {
          // A cell that reads as a JSON number becomes one, screened as in request bodies, so the
          // write path applies the one amount rule; anything else stays text ("must be a number").
          JsonNode number = Json.number(cell.strip());
          record.set(column, number != null ? number : record.textNode(cell));
        } else {
          record.put(column, cell);
        }
      }
      return record;
    }

    private void add(Pending p) throws IOException {
      chunk.add(p);
      if (chunk.size() >= CHUNK) {
        flush();
      }
    }

    /**
     * Records the chunk's good lines. Lines the write path rejects get their problems and the rest
     * are sent again, so one bad line never holds back its neighbours; then the chunk's bad lines
     * go to the error report in line order.
     */
    private void flush() throws IOException {
      while (true) {
        List<Pending> sent = new ArrayList<>(chunk.size());
        for (Pending p : chunk) {
          if (p.record != null) {
            sent.add(p);
          }
        }
        if (sent.isEmpty()) {
          break;
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode records = body.putArray(kind);
        sent.forEach(p -> records.add(p.record));
        try {
          BatchResult r =
              kind.equals(EXPOSURES)
                  ? recorder.exposures(campaignId, body)
                  : recorder.outcomes(body);
          result = result.plus(r);
          break;
        } catch (ApiException e) {
          if (e.status() == 404) {
            reject(sent, List.of(Problem.of("campaignId", "unknown campaign " + campaignId)));
            break;
          }
          if (e.status() != 400) {
            throw e;
          }
          Map<Integer, List<Problem>> byIndex = new LinkedHashMap<>();
          for (Problem p : e.details()) {
            if (p.index() != null && p.index() >= 0 && p.index() < sent.size()) {
              byIndex.computeIfAbsent(p.index(), k -> new ArrayList<>()).add(p);
            }
          }
          if (byIndex.isEmpty()) {
            // Not about particular records: every line of the chunk carries the reason.
            reject(
                sent,
                e.details().isEmpty()
                    ? List.of(Problem.of("(record)", e.getMessage()))
                    : e.details());
            break;
          }
          byIndex.forEach((i, problems) -> reject(List.of(sent.get(i)), problems));
        }
      }
      for (Pending p : chunk) {
        if (p.problems != null) {
          errors.add(p.line, p.problems, p.quoted);
        }
      }
      chunk.clear();
    }

    private static void reject(List<Pending> lines, List<Problem> problems) {
      for (Pending p : lines) {
        p.record = null;
        p.problems = problems;
      }
    }

    private void bad(long line, String problem, String quoted) throws IOException {
      bad(line, "(record)", problem, quoted);
    }

    private void bad(long line, String field, String problem, String quoted) throws IOException {
      add(new Pending(line, quoted, null, List.of(Problem.of(field, problem))));
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

  private static String quote(String text) {
    if (text.length() <= MAX_QUOTED_CHARS) {
      return text;
    }
    int end = MAX_QUOTED_CHARS;
    return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
  }
}
