package campaignlift.evaluation.result;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One comparison of a treatment group with the control group: one metric in one segment
 * (docs/results.md; {@code ResultRow} in openapi.yaml). Undefined figures are NaN here and null in
 * JSON.
 *
 * @param control unadjusted control moments
 * @param treatment unadjusted treatment moments
 * @param absolute fixed-horizon test of the absolute lift (CUPED-adjusted when applied); for time
 *     to repeat purchase, the difference in restricted mean days (treatment − control)
 * @param relative fixed-horizon test of the relative lift; null for metrics reported only as an
 *     absolute difference ({@code nps}, {@code timeToRepeatPurchase})
 * @param sequential always-valid confidence sequence of the relative lift (of the absolute lift for
 *     an absolute-only metric); null for time to repeat purchase, which is fixed-horizon only
 * @param pValue the decision p-value: {@code sequential.pValue} when the campaign is sequential,
 *     else {@code relative.pValue} ({@code absolute.pValue} for an absolute-only metric, the
 *     log-rank p-value for time to repeat purchase)
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
 * @param direction which way is good: {@code lower} for cancellations and days to repeat, else
 *     {@code higher}; null in results from before it was written
 * @param comparable for survey metrics, false when the arms' response rates differ (the
 *     response-balance check of docs/metrics.md); null for other metrics
 * @param survival for time to repeat purchase, the Kaplan–Meier and log-rank figures; null
 *     otherwise
 */
@JsonPropertyOrder({"metric", "type", "direction"})
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
    @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
    @JsonInclude(JsonInclude.Include.NON_NULL) String direction,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean comparable,
    @JsonInclude(JsonInclude.Include.NON_NULL) Survival survival) {

  /** A row of a mean or proportion metric, as every row was before the loyalty metrics. */
  public MetricRow(
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
      Mde mde,
      Interval incremental,
      Interval costPerIncremental,
      Interval incrementalReturnOnSpend,
      boolean significant,
      String reason) {
    this(
        metric,
        segment,
        group,
        control,
        treatment,
        absolute,
        relative,
        sequential,
        cuped,
        pValue,
        pValueAdjusted,
        chanceToWin,
        mde,
        incremental,
        costPerIncremental,
        incrementalReturnOnSpend,
        significant,
        reason,
        null,
        null,
        null);
  }

  /** The metric's type: {@code mean}, {@code proportion}, {@code ratio} or {@code survival}. */
  @JsonProperty("type")
  public String type() {
    return metric.kind().wireName();
  }

  /** The {@code direction} of a metric: which way is good. */
  public static String directionOf(Metric m) {
    return m.lowerIsBetter() ? "lower" : "higher";
  }

  /**
   * The lift with the interval decisions use: always-valid when the campaign is sequential, else
   * fixed-horizon; relative, except for metrics reported only as an absolute difference.
   */
  public Interval decisionInterval(boolean sequentialCampaign) {
    Test fixed = relative != null ? relative : absolute;
    return sequentialCampaign && sequential != null
        ? new Interval(fixed.estimate(), sequential.ciLower(), sequential.ciUpper())
        : new Interval(fixed.estimate(), fixed.ciLower(), fixed.ciUpper());
  }

  /** True when the lift is reported as an absolute difference only (no relative lift). */
  @JsonIgnore
  public boolean absoluteOnly() {
    return relative == null;
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

  /**
   * Time to repeat purchase (docs/metrics.md, docs/statistics.md): the log-rank test, and per arm
   * the restricted mean days to the repeat purchase over the window, the users with one, and (in
   * segment {@code all} only) the Kaplan–Meier curve.
   *
   * @param horizonDays the window: the restriction of the restricted mean
   */
  @JsonPropertyOrder({"horizonDays", "logRank", "control", "treatment"})
  public record Survival(int horizonDays, LogRank logRank, Arm control, Arm treatment) {}

  /** The log-rank test of equal repeat-purchase curves. */
  public record LogRank(double chiSquare, double pValue) {}

  /**
   * One arm's repeat-purchase figures.
   *
   * @param rmst restricted mean days to the repeat purchase
   * @param rmstSe its standard error
   * @param events users with a repeat purchase
   * @param curve the Kaplan–Meier curve: share still without a repeat after each day with one; null
   *     outside segment {@code all}
   */
  @JsonPropertyOrder({"rmst", "rmstSe", "events", "curve"})
  public record Arm(
      double rmst,
      double rmstSe,
      long events,
      @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<CurvePoint> curve) {}

  /** One step of a Kaplan–Meier curve: after {@code day}, this share had not yet repeated. */
  public record CurvePoint(int day, double survival) {}
}
