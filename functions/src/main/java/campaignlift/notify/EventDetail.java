package campaignlift.notify;

import campaignlift.evaluation.result.Freshness;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.ResultWriter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The {@code detail} of every result event (docs/result-events.md, schema version {@value
 * ResultEvents#SCHEMA_VERSION}). The figures are the stored result's own records, so each field
 * reads exactly as in {@code GET /campaigns/{id}/results/latest}.
 *
 * @param eventId stable per evaluation and event: a redelivered event carries the same id
 * @param previousEvaluatedAt the campaign's stored result before this one; null for the first
 * @param groups every group with its enrolled and analysed counts
 * @param headline the headline metrics (docs/metrics.md) of segment {@code all}, per treatment
 *     group, at most {@link ResultEvents#MAX_HEADLINE_ROWS}
 * @param headlineTruncated true when rows were left out to keep the event small
 * @param becameSignificant for {@code Result Became Significant}: the row that became significant;
 *     absent in the other events
 */
@JsonPropertyOrder({
  "schemaVersion",
  "eventId",
  "campaignId",
  "name",
  "evaluatedAt",
  "previousEvaluatedAt",
  "maturedOnly",
  "sequential",
  "alpha",
  "srm",
  "freshness",
  "groups",
  "headline",
  "headlineTruncated",
  "becameSignificant",
  "links"
})
public record EventDetail(
    int schemaVersion,
    String eventId,
    String campaignId,
    String name,
    String evaluatedAt,
    String previousEvaluatedAt,
    boolean maturedOnly,
    boolean sequential,
    double alpha,
    Health.SrmCheck srm,
    Freshness freshness,
    List<GroupCount> groups,
    List<HeadlineLift> headline,
    boolean headlineTruncated,
    @JsonInclude(JsonInclude.Include.NON_NULL) HeadlineLift becameSignificant,
    Links links) {

  public EventDetail {
    groups = List.copyOf(groups);
    headline = List.copyOf(headline);
  }

  /**
   * The detail's JSON text, field by field in the order above ({@link ResultWriter}'s rules and
   * reasons; ResultEventsTest holds it to the text the mapper binds).
   */
  public String json() {
    return ResultJson.written(this::write);
  }

  private void write(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeNumberField("schemaVersion", schemaVersion);
    g.writeStringField("eventId", eventId);
    g.writeStringField("campaignId", campaignId);
    g.writeStringField("name", name);
    g.writeStringField("evaluatedAt", evaluatedAt);
    g.writeStringField("previousEvaluatedAt", previousEvaluatedAt);
    g.writeBooleanField("maturedOnly", maturedOnly);
    g.writeBooleanField("sequential", sequential);
    ResultWriter.number(g, "alpha", alpha);
    ResultWriter.srm(g, "srm", srm);
    ResultWriter.freshness(g, "freshness", freshness);
    ResultWriter.groups(g, "groups", groups);
    g.writeArrayFieldStart("headline");
    for (HeadlineLift h : headline) {
      h.write(g);
    }
    g.writeEndArray();
    g.writeBooleanField("headlineTruncated", headlineTruncated);
    if (becameSignificant != null) {
      g.writeFieldName("becameSignificant");
      becameSignificant.write(g);
    }
    g.writeFieldName("links");
    if (links == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      g.writeStringField("report", links.report());
      g.writeStringField("snapshot", links.snapshot());
      g.writeStringField("latestReport", links.latestReport());
      g.writeStringField("resultPath", links.resultPath());
      g.writeStringField("resultsPath", links.resultsPath());
      g.writeStringField("reportPath", links.reportPath());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * One headline row of segment {@code all}: a treatment group compared with the control.
   *
   * @param lift the lift decisions use (as the result summaries' headline): relative unless the
   *     metric is reported as an absolute difference; always-valid when the campaign is sequential
   * @param relative the fixed-horizon test of the relative lift (the row's {@code relative}); null
   *     for a metric reported only as an absolute difference
   * @param absolute the fixed-horizon test of the absolute lift (the row's {@code absolute})
   * @param pValue the row's decision p-value
   * @param pValueAdjusted after the campaign's multiple-testing correction
   * @param significant {@code pValueAdjusted < alpha}
   */
  @JsonPropertyOrder({
    "group",
    "metric",
    "direction",
    "significant",
    "lift",
    "relative",
    "absolute",
    "pValue",
    "pValueAdjusted",
    "control",
    "treatment"
  })
  public record HeadlineLift(
      String group,
      Metric metric,
      String direction,
      boolean significant,
      Lift lift,
      MetricRow.Test relative,
      MetricRow.Test absolute,
      double pValue,
      double pValueAdjusted,
      MetricRow.Moments control,
      MetricRow.Moments treatment) {

    void write(JsonGenerator g) throws IOException {
      g.writeStartObject();
      g.writeStringField("group", group);
      g.writeStringField("metric", metric.id());
      g.writeStringField("direction", direction);
      g.writeBooleanField("significant", significant);
      g.writeFieldName("lift");
      if (lift == null) {
        g.writeNull();
      } else {
        g.writeStartObject();
        g.writeStringField("basis", lift.basis());
        g.writeStringField("interval", lift.interval());
        ResultWriter.number(g, "estimate", lift.estimate());
        ResultWriter.number(g, "ciLower", lift.ciLower());
        ResultWriter.number(g, "ciUpper", lift.ciUpper());
        g.writeEndObject();
      }
      ResultWriter.test(g, "relative", relative);
      ResultWriter.test(g, "absolute", absolute);
      ResultWriter.number(g, "pValue", pValue);
      ResultWriter.number(g, "pValueAdjusted", pValueAdjusted);
      ResultWriter.moments(g, "control", control);
      ResultWriter.moments(g, "treatment", treatment);
      g.writeEndObject();
    }
  }

  /**
   * The lift with the interval the decision used.
   *
   * @param basis {@code relative} or {@code absolute}
   * @param interval {@code always-valid} (sequential campaigns) or {@code fixed-horizon}
   */
  @JsonPropertyOrder({"basis", "interval", "estimate", "ciLower", "ciUpper"})
  public record Lift(
      String basis, String interval, double estimate, double ciLower, double ciUpper) {}

  /**
   * Where to read more: the S3 URIs of this evaluation's report and snapshot (immutable), of the
   * campaign's latest report, and the API paths of its latest result, its result history and the
   * redirect to its latest report (relative to the API's URL).
   */
  @JsonPropertyOrder({
    "report",
    "snapshot",
    "latestReport",
    "resultPath",
    "resultsPath",
    "reportPath"
  })
  public record Links(
      String report,
      String snapshot,
      String latestReport,
      String resultPath,
      String resultsPath,
      String reportPath) {}
}
