package campaignlift.evaluation.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;

/**
 * One comparison of a treatment group with the control group: one metric in one segment
 * (docs/results.md; {@code ResultRow} in openapi.yaml). Undefined figures are NaN here and null in
 * JSON.
 *
 * @param control unadjusted control moments
 * @param treatment unadjusted treatment moments
 * @param absolute fixed-horizon test of the absolute lift (CUPED-adjusted when applied)
 * @param relative fixed-horizon test of the relative lift
 * @param sequential always-valid confidence sequence of the relative lift
 * @param pValue the decision p-value: {@code sequential.pValue} when the campaign is sequential,
 *     else {@code relative.pValue}
 * @param pValueAdjusted {@code pValue} after the campaign's multiple-testing correction over every
 *     row of the evaluation
 * @param chanceToWin P(relative lift &gt; 0) under a flat prior
 * @param mde the minimum detectable effect of this comparison (docs/results.md); absent in results
 *     stored before it was written
 * @param incremental absolute lift × treatment n, with the interval on the decision's basis
 * @param costPerIncremental campaign cost per incremental outcome (segment {@code all}, new users
 *     and repeat purchase rate, when the campaign has a cost)
 * @param incrementalReturnOnSpend incremental revenue per unit of cost (segment {@code all}, when
 *     the cost is positive)
 * @param significant {@code pValueAdjusted < alpha}
 * @param reason why a figure could not be estimated (a {@code Reason} of the stats engine), or null
 */
@JsonPropertyOrder({"metric", "type"})
public record MetricRow(
    Metric metric,
    Segment segment,
    String group,
    Moments control,
    Moments treatment,
    Test absolute,
    Test relative,
    AlwaysValid sequential,
    Cuped cuped,
    double pValue,
    double pValueAdjusted,
    double chanceToWin,
    @JsonInclude(JsonInclude.Include.NON_NULL) Mde mde,
    Interval incremental,
    @JsonInclude(JsonInclude.Include.NON_NULL) Interval costPerIncremental,
    @JsonInclude(JsonInclude.Include.NON_NULL) Interval incrementalReturnOnSpend,
    boolean significant,
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {

  /** The metric's type, {@code mean} or {@code proportion}; always the metric's own. */
  @JsonProperty("type")
  public String type() {
    return metric.type().name().toLowerCase(Locale.ROOT);
  }

  /**
   * The relative lift with the interval decisions use: always-valid when the campaign is
   * sequential, else fixed-horizon.
   */
  public Interval decisionInterval(boolean sequentialCampaign) {
    return sequentialCampaign
        ? new Interval(relative.estimate(), sequential.ciLower(), sequential.ciUpper())
        : new Interval(relative.estimate(), relative.ciLower(), relative.ciUpper());
  }

  /** One group's n, mean and variance. */
  public record Moments(long n, double mean, double variance) {}

  /** A fixed-horizon test: estimate, standard error, confidence interval and p-value. */
  public record Test(double estimate, double se, double ciLower, double ciUpper, double pValue) {}

  /** An always-valid (sequential) test: estimate, confidence sequence and p-value. */
  public record AlwaysValid(double estimate, double ciLower, double ciUpper, double pValue) {}

  /** Whether CUPED was applied, its θ and the variance it removed (a fraction). */
  public record Cuped(boolean applied, double theta, double varianceReduction) {}

  /** An estimate with its confidence interval. */
  public record Interval(double estimate, double ciLower, double ciUpper) {}

  /**
   * The smallest lift this comparison could detect (docs/results.md).
   *
   * @param absolute in the metric's unit
   * @param relative as a fraction of the control mean
   * @param power the power it is computed for
   */
  public record Mde(double absolute, double relative, double power) {}
}
