package campaignlift.notify;

import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.Segment;
import campaignlift.evaluation.result.Summary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The events of one stored evaluation (docs/result-events.md), pure: {@code Evaluation Completed}
 * always; {@code Sample Ratio Mismatch} when the result's health flags one; one {@code Result
 * Became Significant} per headline row of segment {@code all} (metric × treatment group) that is
 * significant now and was not in the campaign's previous stored result (or there was none).
 */
public final class ResultEvents {
  /** The {@code source} of every event. */
  public static final String SOURCE = "campaign-lift";

  /** The {@code detail.schemaVersion} this code writes; a breaking change increments it. */
  public static final int SCHEMA_VERSION = 1;

  public static final String EVALUATION_COMPLETED = "Evaluation Completed";
  public static final String SAMPLE_RATIO_MISMATCH = "Sample Ratio Mismatch";
  public static final String RESULT_BECAME_SIGNIFICANT = "Result Became Significant";

  /**
   * Headline rows per event: 3 headline metrics × at most 9 treatment groups (a campaign has at
   * most 10 groups) is 27, so no campaign the rules allow is cut; the cap keeps every event far
   * below EventBridge's 256 KB entry limit (docs/result-events.md, "Limits").
   */
  public static final int MAX_HEADLINE_ROWS = 30;

  /** EventBridge's limit on one entry (and on a whole PutEvents request). */
  public static final int MAX_ENTRY_BYTES = 256 * 1024;

  private ResultEvents() {}

  /**
   * @param stored the result just stored (with its snapshot and report keys)
   * @param previous the headline of the campaign's stored result before it, or null when none
   * @param bucket the data bucket, for the S3 URIs of the report and snapshot
   */
  public static List<ResultEvent> of(Result stored, Headline previous, String bucket) {
    List<EventDetail.HeadlineLift> headline = headline(stored);
    boolean truncated = headline.size() > MAX_HEADLINE_ROWS;
    if (truncated) {
      headline = headline.subList(0, MAX_HEADLINE_ROWS);
    }
    Instant time = Instant.parse(stored.evaluatedAt());
    String prefix = stored.campaignId() + "/" + stored.evaluatedAt() + "/";
    List<ResultEvent> events = new ArrayList<>();
    events.add(
        event(
            EVALUATION_COMPLETED,
            prefix + "evaluation-completed",
            stored,
            previous,
            bucket,
            headline,
            truncated,
            null,
            time));
    if (stored.health().srm() != null && stored.health().srmMismatch()) {
      events.add(
          event(
              SAMPLE_RATIO_MISMATCH,
              prefix + "sample-ratio-mismatch",
              stored,
              previous,
              bucket,
              headline,
              truncated,
              null,
              time));
    }
    Set<String> significantBefore = new HashSet<>();
    if (previous != null) {
      for (Summary.HeadlineRow r : previous.rows()) {
        if (r.significant() && r.metric() != null) {
          significantBefore.add(key(r.group(), r.metric()));
        }
      }
    }
    // Every row is looked at, not only those kept in the headline, so a cut never hides one.
    for (EventDetail.HeadlineLift row : headline(stored)) {
      if (row.significant() && !significantBefore.contains(key(row.group(), row.metric()))) {
        events.add(
            event(
                RESULT_BECAME_SIGNIFICANT,
                prefix + "result-became-significant/" + row.group() + "/" + row.metric().id(),
                stored,
                previous,
                bucket,
                headline,
                truncated,
                row,
                time));
      }
    }
    return events;
  }

  private static ResultEvent event(
      String type,
      String eventId,
      Result r,
      Headline previous,
      String bucket,
      List<EventDetail.HeadlineLift> headline,
      boolean truncated,
      EventDetail.HeadlineLift became,
      Instant time) {
    List<EventDetail.HeadlineLift> rows = headline;
    boolean cut = truncated;
    while (true) {
      ResultEvent e =
          new ResultEvent(
              type,
              time,
              new EventDetail(
                  SCHEMA_VERSION,
                  eventId,
                  r.campaignId(),
                  r.name(),
                  r.evaluatedAt(),
                  previous == null ? null : previous.evaluatedAt(),
                  r.settings().maturedOnly(),
                  r.settings().sequential(),
                  r.settings().alpha(),
                  r.health().srm(),
                  r.health().freshness(),
                  r.groups(),
                  rows,
                  cut,
                  became,
                  links(r, bucket)));
      // Unreachable within the campaign rules (docs/result-events.md, "Limits"); a guard only.
      if (rows.isEmpty() || e.size() <= MAX_ENTRY_BYTES) {
        return e;
      }
      rows = rows.subList(0, rows.size() / 2);
      cut = true;
    }
  }

  /** The headline rows of segment {@code all}, in the result's order. */
  static List<EventDetail.HeadlineLift> headline(Result r) {
    boolean sequential = r.settings().sequential();
    List<EventDetail.HeadlineLift> out = new ArrayList<>();
    for (MetricRow row : r.results()) {
      if (!Metric.HEADLINE.contains(row.metric()) || !row.segment().equals(Segment.ALL)) {
        continue;
      }
      MetricRow.Interval ci = row.decisionInterval(sequential);
      EventDetail.Lift lift =
          new EventDetail.Lift(
              row.absoluteOnly() ? "absolute" : "relative",
              sequential && row.sequential() != null ? "always-valid" : "fixed-horizon",
              ci.estimate(),
              ci.ciLower(),
              ci.ciUpper());
      out.add(
          new EventDetail.HeadlineLift(
              row.group(),
              row.metric(),
              MetricRow.directionOf(row.metric()),
              row.significant(),
              lift,
              row.relative(),
              row.absolute(),
              row.pValue(),
              row.pValueAdjusted(),
              row.control(),
              row.treatment()));
    }
    return out;
  }

  private static EventDetail.Links links(Result r, String bucket) {
    String id = r.campaignId();
    String report = r.report() == null ? null : s3(bucket, r.report().key());
    String latest = r.report() == null ? null : s3(bucket, r.report().latestKey());
    String snapshot = r.snapshot() == null ? null : s3(bucket, r.snapshot().key());
    return new EventDetail.Links(
        report,
        snapshot,
        latest,
        "/campaigns/" + id + "/results/latest",
        "/campaigns/" + id + "/results",
        "/campaigns/" + id + "/report");
  }

  private static String s3(String bucket, String key) {
    return "s3://" + bucket + "/" + key;
  }

  private static String key(String group, Metric metric) {
    return group + "\u0000" + metric.id();
  }
}
