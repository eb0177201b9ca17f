package campaignlift.ingest;

import campaignlift.domain.Problem;
import campaignlift.domain.RecordFields;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * Where a format's reader hands each data line of a shop export (docs/shop-exports.md), translated
 * into our outcome fields or set aside with its reason. {@link ImportRun} judges and records them;
 * a test can judge them alone. Every line is handed over exactly once, so the import's counts add
 * up to its lines.
 */
interface ImportSink {
  /**
   * A translated outcome, judged by {@code recording.RecordRules} with its chunk.
   *
   * @param entry the archive entry the line is in, or null
   * @param quoted the line as written, cut for the error report
   * @param fields the record's fields, reporting their problems to the list given
   */
  void outcome(String entry, long line, String quoted, Function<List<Problem>, RecordFields> fields)
      throws IOException;

  /** A line that cannot be read as a record; listed in the error report. */
  void invalid(String entry, long line, String quoted, List<Problem> problems) throws IOException;

  /** A record left out on purpose; listed in the error report as skipped, with its reasons. */
  void skipped(String entry, long line, String quoted, List<Problem> reasons) throws IOException;

  /** A record left out on purpose and only counted (an event type the mapping does not name). */
  void ignored();

  /**
   * Rejects the whole file before any line is handed over (a header the mapping cannot find):
   * {@code problem} goes to the error report, at {@code line} (0: not a line of the file); answers
   * the status {@code "rejected"}.
   *
   * @param message the import report's message, or null for the CSV header's default
   */
  String reject(long line, String field, String problem, String message) throws IOException;
}
