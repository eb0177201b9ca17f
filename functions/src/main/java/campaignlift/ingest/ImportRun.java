package campaignlift.ingest;

import campaignlift.campaign.StoredCampaign;
import campaignlift.campaign.UnknownCampaignException;
import campaignlift.domain.Problem;
import campaignlift.domain.RecordFields;
import campaignlift.json.FieldReader;
import campaignlift.json.Json;
import campaignlift.recording.BatchResult;
import campaignlift.recording.Exposure;
import campaignlift.recording.InvalidRecordsException;
import campaignlift.recording.Outcome;
import campaignlift.recording.RecordRules;
import campaignlift.recording.Recorder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The import of one file's lines: each line is read into the fields of a record (a JSON object, or
 * a CSV row under its header), judged by {@link RecordRules} when its chunk is full, and the good
 * ones are recorded as typed records; the chunk's bad lines then go to the error report in line
 * order.
 */
final class ImportRun implements ImportSink {
  private final Recorder recorder;
  private final Clock clock;
  private final String kind;
  private final String campaignId;
  private final ImportErrors errors;
  private final List<Pending> chunk = new ArrayList<>(ImportJob.CHUNK);
  private long lines;
  private long skipped;
  private String rejection;
  private BatchResult result = BatchResult.EMPTY;

  /**
   * A line waiting for its chunk: the fields of a record to judge, or a bad line's problems (kept
   * in the chunk so the error report stays in line order).
   */
  private static final class Pending {
    final String entry;
    final long line;
    final String quoted;
    Function<List<Problem>, RecordFields> fields;
    List<Problem> problems;
    boolean skipped;

    Pending(long line, String quoted, Function<List<Problem>, RecordFields> fields) {
      this(null, line, quoted, fields);
    }

    Pending(String entry, long line, String quoted, Function<List<Problem>, RecordFields> fields) {
      this.entry = entry;
      this.line = line;
      this.quoted = quoted;
      this.fields = fields;
    }

    void reject(List<Problem> why) {
      fields = null;
      problems = why;
    }
  }

  ImportRun(Recorder recorder, Clock clock, String kind, String campaignId, ImportErrors errors) {
    this.recorder = recorder;
    this.clock = clock;
    this.kind = kind;
    this.campaignId = campaignId;
    this.errors = errors;
  }

  /** Data lines read (blank JSON Lines lines and the CSV header are not data). */
  long lines() {
    return lines;
  }

  BatchResult result() {
    return result;
  }

  /** Records left out on purpose, listed or only counted. */
  long skipped() {
    return skipped;
  }

  /** Why the file was rejected before any line was read, or null for the CSV header's default. */
  String rejection() {
    return rejection;
  }

  @Override
  public String reject(long line, String field, String problem, String message) throws IOException {
    errors.add(line, List.of(Problem.of(field, problem)), null);
    rejection = message;
    return "rejected";
  }

  @Override
  public void outcome(
      String entry, long line, String quoted, Function<List<Problem>, RecordFields> fields)
      throws IOException {
    lines++;
    add(new Pending(entry, line, quoted, fields));
  }

  @Override
  public void invalid(String entry, long line, String quoted, List<Problem> problems)
      throws IOException {
    lines++;
    Pending p = new Pending(entry, line, quoted, null);
    p.reject(problems);
    add(p);
  }

  @Override
  public void skipped(String entry, long line, String quoted, List<Problem> reasons)
      throws IOException {
    lines++;
    skipped++;
    Pending p = new Pending(entry, line, quoted, null);
    p.reject(reasons);
    p.skipped = true;
    add(p);
  }

  @Override
  public void ignored() {
    lines++;
    skipped++;
  }

  /** Judges and records what is still waiting; call once the reader is done. */
  void finish() throws IOException {
    flush();
  }

  /** Reads a JSON Lines file to its end; answers the import's status. */
  String jsonLines(Reader reader) throws IOException {
    ImportLines in = new ImportLines(reader, ImportJob.MAX_LINE_CHARS);
    for (ImportLines.Line line = in.next(); line != null; line = in.next()) {
      if (line.text().isBlank()) {
        continue;
      }
      lines++;
      String quoted = quote(line.text());
      if (line.tooLong()) {
        bad(line.number(), "is longer than " + ImportJob.MAX_LINE_CHARS + " characters", quoted);
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
      add(new Pending(line.number(), quoted, sink -> FieldReader.of(node, null, sink)));
    }
    flush();
    return "imported";
  }

  /** Reads a CSV file to its end; answers the import's status ({@code rejected}: bad header). */
  String csv(Reader reader) throws IOException {
    CsvReader in = new CsvReader(reader, ImportJob.MAX_LINE_CHARS, ImportJob.MAX_QUOTED_CHARS);
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
        List<String> cells = row.cells();
        add(new Pending(row.line(), row.raw(), sink -> new CsvRecord(columns, cells, sink)));
      }
    }
    flush();
    return "imported";
  }

  /** The header's columns: the record's fields, with attributes as {@code attributes.NAME}. */
  private List<String> columns(CsvReader.Row header, List<Problem> problems) {
    if (header.problem() != null) {
      problems.add(Problem.of("(header)", header.problem()));
      return List.of();
    }
    boolean exposures = kind.equals(ImportJob.EXPOSURES);
    Set<String> allowed =
        new TreeSet<>(exposures ? RecordRules.EXPOSURE_FIELDS : RecordRules.OUTCOME_FIELDS);
    allowed.remove("attributes"); // a column per attribute instead
    Set<String> seen = new HashSet<>();
    List<String> columns = new ArrayList<>();
    for (String raw : header.cells()) {
      String column = raw.strip();
      boolean attribute =
          exposures
              && column.startsWith(CsvRecord.ATTRIBUTE_PREFIX)
              && column.length() > CsvRecord.ATTRIBUTE_PREFIX.length();
      if (!allowed.contains(column) && !attribute) {
        problems.add(
            Problem.of(
                "(header)",
                "column \""
                    + column
                    + "\" is not one of "
                    + String.join(", ", allowed)
                    + (exposures ? " or attributes.NAME" : "")));
      } else if (!seen.add(column)) {
        problems.add(Problem.of("(header)", "column \"" + column + "\" appears twice"));
      }
      columns.add(column);
    }
    return columns;
  }

  private void add(Pending p) throws IOException {
    chunk.add(p);
    if (chunk.size() >= ImportJob.CHUNK) {
      flush();
    }
  }

  /** Judges and records the chunk's lines, then reports its bad lines in line order. */
  private void flush() throws IOException {
    List<Pending> candidates = new ArrayList<>(chunk.size());
    for (Pending p : chunk) {
      if (p.fields != null) {
        candidates.add(p);
      }
    }
    if (!candidates.isEmpty()) {
      if (kind.equals(ImportJob.EXPOSURES)) {
        exposures(candidates);
      } else {
        outcomes(candidates);
      }
    }
    for (Pending p : chunk) {
      if (p.problems != null) {
        errors.add(p.entry, p.line, p.problems, p.quoted, p.skipped);
      }
    }
    chunk.clear();
  }

  private void exposures(List<Pending> candidates) {
    StoredCampaign campaign;
    try {
      campaign = recorder.campaignTakingExposures(campaignId);
    } catch (UnknownCampaignException e) {
      List<Problem> unknown = List.of(Problem.of("campaignId", "unknown campaign " + campaignId));
      candidates.forEach(p -> p.reject(unknown));
      return;
    }
    Instant now = clock.instant();
    List<Pending> good = new ArrayList<>();
    List<Exposure> exposures = new ArrayList<>();
    for (Pending p : candidates) {
      List<Problem> problems = new ArrayList<>();
      Exposure x = RecordRules.exposure(p.fields.apply(problems), campaign.campaign(), now);
      if (x == null) {
        p.reject(problems);
      } else {
        good.add(p);
        exposures.add(x);
      }
    }
    while (!exposures.isEmpty()) {
      try {
        result = result.plus(recorder.exposures(campaign, exposures, now));
        return;
      } catch (InvalidRecordsException e) {
        // The design changed while it was being frozen: lines that no longer fit it are bad, the
        // rest are sent again.
        List<Pending> misfits = new ArrayList<>();
        for (Problem problem : e.problems()) {
          if (problem.index() == null) {
            throw e;
          }
          Pending p = good.get(problem.index());
          if (p.problems == null) {
            p.reject(new ArrayList<>());
            misfits.add(p);
          }
          p.problems.add(Problem.of(problem.field(), problem.problem()));
        }
        for (Pending p : misfits) {
          int i = good.indexOf(p);
          good.remove(i);
          exposures.remove(i);
        }
      }
    }
  }

  private void outcomes(List<Pending> candidates) {
    Instant now = clock.instant();
    List<Outcome> outcomes = new ArrayList<>();
    for (Pending p : candidates) {
      List<Problem> problems = new ArrayList<>();
      Outcome o = RecordRules.outcome(p.fields.apply(problems), now);
      if (o == null) {
        p.reject(problems);
      } else {
        outcomes.add(o);
      }
    }
    if (!outcomes.isEmpty()) {
      result = result.plus(recorder.outcomes(outcomes));
    }
  }

  private void bad(long line, String problem, String quoted) throws IOException {
    Pending p = new Pending(line, quoted, null);
    p.reject(List.of(Problem.of("(record)", problem)));
    add(p);
  }

  static String quote(String text) {
    if (text.length() <= ImportJob.MAX_QUOTED_CHARS) {
      return text;
    }
    int end = ImportJob.MAX_QUOTED_CHARS;
    return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end);
  }
}
