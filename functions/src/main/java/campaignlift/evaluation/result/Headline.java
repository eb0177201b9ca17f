package campaignlift.evaluation.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the history of a campaign's results is read for: when each was evaluated and its headline
 * rows — the points of the report's lift-over-time charts and the previous result the events
 * compare with (docs/results.md, docs/result-events.md).
 *
 * <p>Read from a stored summary's JSON tree by hand rather than bound to {@link Summary}: every
 * evaluation reads up to a hundred of them, and a stored summary may be older than the code. A row
 * whose metric is unknown or whose group is missing is left out; a missing or non-numeric figure
 * reads as undefined (NaN), a missing {@code significant} as false — so one odd summary never fails
 * an evaluation (docs/stored-data.md).
 *
 * @param evaluatedAt the result's {@code evaluatedAt}
 * @param rows its headline rows (segment {@code all}, per treatment group)
 */
public record Headline(String evaluatedAt, List<Summary.HeadlineRow> rows) {
  public Headline {
    rows = List.copyOf(rows);
  }

  /** The headline of a result about to be stored. */
  public static Headline of(Result result) {
    return of(Summary.of(result));
  }

  public static Headline of(Summary summary) {
    return new Headline(summary.evaluatedAt(), summary.headline());
  }

  /**
   * The headline of a stored summary ({@code summary} a JSON object naming its {@code evaluatedAt},
   * as the results table is read).
   */
  public static Headline read(JsonNode summary) {
    List<Summary.HeadlineRow> rows = new ArrayList<>();
    for (JsonNode r : summary.path("headline")) {
      Optional<Metric> metric = Metric.fromId(r.path("metric").asText(""));
      JsonNode group = r.path("group");
      if (metric.isEmpty() || !group.isTextual()) {
        continue;
      }
      rows.add(
          new Summary.HeadlineRow(
              metric.get(),
              group.asText(),
              figure(r, "estimate"),
              figure(r, "ciLower"),
              figure(r, "ciUpper"),
              figure(r, "pValueAdjusted"),
              r.path("significant").asBoolean(false)));
    }
    return new Headline(summary.path("evaluatedAt").asText(), rows);
  }

  /** A number as written ({@code null} is how an undefined figure is written), else NaN. */
  private static double figure(JsonNode row, String field) {
    JsonNode v = row.path(field);
    return v.isNumber() ? v.doubleValue() : Double.NaN;
  }
}
