package campaignlift.ingest;

import campaignlift.domain.Problem;
import campaignlift.domain.RecordFields;
import campaignlift.recording.Outcome;
import campaignlift.recording.RecordRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Judges each translated record with the API's own {@link RecordRules} and keeps what a file
 * yields: good outcomes, bad lines and skipped records with their problems, in file order.
 */
final class CollectingSink implements ImportSink {
  /** A line that yielded no outcome. */
  record Reported(String entry, long line, List<Problem> problems) {
    String field() {
      return problems.get(0).field();
    }

    String problem() {
      return problems.get(0).problem();
    }
  }

  final Instant now;
  final List<Outcome> outcomes = new ArrayList<>();
  final List<Long> outcomeLines = new ArrayList<>();
  final List<Reported> invalid = new ArrayList<>();
  final List<Reported> skipped = new ArrayList<>();
  long ignored;
  long lines;
  String rejected;

  CollectingSink(Instant now) {
    this.now = now;
  }

  @Override
  public void outcome(
      String entry, long line, String quoted, Function<List<Problem>, RecordFields> fields) {
    lines++;
    List<Problem> problems = new ArrayList<>();
    Outcome o = RecordRules.outcome(fields.apply(problems), now);
    if (o == null) {
      invalid.add(new Reported(entry, line, problems));
    } else {
      outcomes.add(o);
      outcomeLines.add(line);
    }
  }

  @Override
  public void invalid(String entry, long line, String quoted, List<Problem> problems) {
    lines++;
    invalid.add(new Reported(entry, line, problems));
  }

  @Override
  public void skipped(String entry, long line, String quoted, List<Problem> reasons) {
    lines++;
    skipped.add(new Reported(entry, line, reasons));
  }

  @Override
  public void ignored() {
    lines++;
    ignored++;
  }

  @Override
  public String reject(long line, String field, String problem, String message) {
    rejected = field + ": " + problem;
    return "rejected";
  }

  /** Distinct event ids of the good outcomes: what the eventId dedupe records. */
  List<String> distinctEventIds() {
    return outcomes.stream().map(Outcome::eventId).distinct().toList();
  }
}
