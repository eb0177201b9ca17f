package campaignlift.evaluation.result;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact form of a result kept for history (lift over time; {@code ResultSummary} in
 * openapi.yaml): evaluation time, settings, groups, health and the headline rows of segment {@code
 * all}, each with its decision-basis relative interval (always-valid when the campaign is
 * sequential).
 */
public record Summary(
    String campaignId,
    String evaluatedAt,
    EvaluationSettings settings,
    List<GroupCount> groups,
    Health health,
    List<HeadlineRow> headline) {

  /** Lists a stored summary lacks (one written by hand or cut short) read as empty. */
  public Summary {
    groups = groups == null ? List.of() : List.copyOf(groups);
    headline = headline == null ? List.of() : List.copyOf(headline);
  }

  /** One headline metric of one treatment group in segment {@code all}. */
  public record HeadlineRow(
      Metric metric,
      String group,
      double estimate,
      double ciLower,
      double ciUpper,
      double pValueAdjusted,
      boolean significant) {}

  public static Summary of(Result result) {
    List<HeadlineRow> rows = new ArrayList<>();
    for (MetricRow r : result.results()) {
      if (!Metric.HEADLINE.contains(r.metric()) || !r.segment().equals(Segment.ALL)) {
        continue;
      }
      MetricRow.Interval ci = r.decisionInterval(result.settings().sequential());
      rows.add(
          new HeadlineRow(
              r.metric(),
              r.group(),
              ci.estimate(),
              ci.ciLower(),
              ci.ciUpper(),
              r.pValueAdjusted(),
              r.significant()));
    }
    return new Summary(
        result.campaignId(),
        result.evaluatedAt(),
        result.settings(),
        result.groups(),
        result.health(),
        rows);
  }
}
