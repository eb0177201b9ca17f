package campaignlift.evaluation.result;

import campaignlift.stats.Srm;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Health checks of one evaluation.
 *
 * @param srm the sample-ratio-mismatch check of enrolled counts against the weights
 * @param conflicts enrolments whose exposures named different groups (excluded)
 * @param duplicates repeat exposures: distinct exposures after each enrolment's first, summed
 * @param immatureExcluded enrolments left out because their window had not ended
 * @param unknownGroup enrolments under a group name the campaign does not declare (excluded)
 * @param unreadable stored enrolment items that could not be read and were left out (each logged
 *     with its key by the store)
 * @param segmentValues how each segment attribute's values were split between segments of their own
 *     and {@code (other)}; null (and not written) in results from before values were capped
 * @param freshness where the sums came from (the stream-fed aggregates or a full read) and how
 *     fresh they are; null in results from before the aggregates existed
 * @param reconciliation the campaign's last comparison of its aggregates with a full recompute;
 *     null when there has been none
 * @param surveyResponse the response-balance check of each survey per treatment group
 *     (docs/metrics.md); null in results from before surveys were measured, and in a snapshot's
 *     inputs (it is computed from the statistics, like the rows)
 */
@JsonPropertyOrder({
  "srm",
  "conflicts",
  "duplicates",
  "immatureExcluded",
  "unknownGroup",
  "unreadable",
  "segmentValues",
  "freshness",
  "reconciliation",
  "surveyResponse"
})
public record Health(
    SrmCheck srm,
    long conflicts,
    long duplicates,
    long immatureExcluded,
    long unknownGroup,
    long unreadable,
    @JsonInclude(JsonInclude.Include.NON_NULL) SegmentValues segmentValues,
    @JsonInclude(JsonInclude.Include.NON_NULL) Freshness freshness,
    @JsonInclude(JsonInclude.Include.NON_NULL) Reconciliation reconciliation,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<SurveyResponse> surveyResponse) {

  /** Health without the survey response check (the evaluation's inputs). */
  public Health(
      SrmCheck srm,
      long conflicts,
      long duplicates,
      long immatureExcluded,
      long unknownGroup,
      long unreadable,
      SegmentValues segmentValues,
      Freshness freshness,
      Reconciliation reconciliation) {
    this(
        srm,
        conflicts,
        duplicates,
        immatureExcluded,
        unknownGroup,
        unreadable,
        segmentValues,
        freshness,
        reconciliation,
        null);
  }

  /** The same health with the survey response check. */
  public Health withSurveyResponse(List<SurveyResponse> checks) {
    return new Health(
        srm,
        conflicts,
        duplicates,
        immatureExcluded,
        unknownGroup,
        unreadable,
        segmentValues,
        freshness,
        reconciliation,
        checks == null ? null : List.copyOf(checks));
  }

  /**
   * Whether one survey's response rates are balanced between the control and one treatment group
   * (docs/metrics.md): a two-sided two-proportion z-test; below {@code threshold} the arms answer
   * at different rates, and the survey's rows for that group are marked not comparable.
   *
   * @param survey {@code nps} or {@code csat}
   * @param group the treatment group compared with the control
   */
  @JsonPropertyOrder({
    "survey",
    "group",
    "controlRate",
    "treatmentRate",
    "pValue",
    "comparable",
    "threshold"
  })
  public record SurveyResponse(
      String survey,
      String group,
      double controlRate,
      double treatmentRate,
      double pValue,
      boolean comparable,
      double threshold) {}

  /** Health without freshness or reconciliation, as results from before the aggregates have. */
  public Health(
      SrmCheck srm,
      long conflicts,
      long duplicates,
      long immatureExcluded,
      long unknownGroup,
      long unreadable,
      SegmentValues segmentValues) {
    this(
        srm,
        conflicts,
        duplicates,
        immatureExcluded,
        unknownGroup,
        unreadable,
        segmentValues,
        null,
        null);
  }

  /**
   * The sample-ratio-mismatch check (backend variant of docs/statistics.md §6): its p-value,
   * whether it is below the threshold, and the threshold, so a stored result keeps the verdict it
   * was given.
   */
  @JsonPropertyOrder({"pValue", "mismatch", "threshold"})
  public record SrmCheck(double pValue, boolean mismatch, double threshold) {
    /** The check of a p-value against {@link Srm#DEFAULT_THRESHOLD}. */
    public static SrmCheck of(double pValue) {
      return new SrmCheck(pValue, pValue < Srm.DEFAULT_THRESHOLD, Srm.DEFAULT_THRESHOLD);
    }
  }

  /** Health with no unreadable enrolment. */
  public Health(
      double srmPValue,
      long conflicts,
      long duplicates,
      long immatureExcluded,
      long unknownGroup,
      SegmentValues segmentValues) {
    this(
        SrmCheck.of(srmPValue),
        conflicts,
        duplicates,
        immatureExcluded,
        unknownGroup,
        0,
        segmentValues);
  }

  /** Health without segment value counts, as results written before values were capped have. */
  public Health(
      double srmPValue, long conflicts, long duplicates, long immatureExcluded, long unknownGroup) {
    this(srmPValue, conflicts, duplicates, immatureExcluded, unknownGroup, null);
  }

  @JsonIgnore
  public double srmPValue() {
    return srm.pValue();
  }

  @JsonIgnore
  public boolean srmMismatch() {
    return srm.mismatch();
  }
}
