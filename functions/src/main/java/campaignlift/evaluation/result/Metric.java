package campaignlift.evaluation.result;

import campaignlift.stats.MetricType;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The metrics of docs/metrics.md. Each is computed per enrolment from its counters (the value in
 * the outcome window and, where it has one, the CUPED covariate measured on the pre-window) and
 * analysed by the statistic of its {@link Kind}.
 */
public enum Metric {
  NEW_USERS("newUsers", Kind.MEAN, "new users"),
  ACTIVE_RATE("activeRate", Kind.PROPORTION, "active rate"),
  ACTIVITY("activity", Kind.MEAN, "activity"),
  PURCHASER_RATE("purchaserRate", Kind.PROPORTION, "purchaser rate"),
  REPEAT_PURCHASE_RATE("repeatPurchaseRate", Kind.PROPORTION, "repeat purchase rate"),
  PURCHASES("purchases", Kind.MEAN, "purchases"),
  REVENUE("revenue", Kind.MEAN, "revenue"),
  ORDER_VALUE("orderValue", Kind.RATIO, "order value"),
  CANCELLATION_RATE("cancellationRate", Kind.PROPORTION, "cancellation rate"),
  RETAINED_RATE("retainedRate", Kind.PROPORTION, "retained rate"),
  RESPONSE_RATE("responseRate", Kind.PROPORTION, "survey response rate"),
  NPS("nps", Kind.RATIO, "NPS"),
  CSAT("csat", Kind.RATIO, "CSAT"),
  CSAT_TOP2("csatTop2", Kind.RATIO, "CSAT top-2 share"),
  TIME_TO_REPEAT_PURCHASE("timeToRepeatPurchase", Kind.SURVIVAL, "days to repeat purchase");

  /** The headline metrics of docs/metrics.md, in report order. */
  public static final List<Metric> HEADLINE = List.of(NEW_USERS, ACTIVITY, REPEAT_PURCHASE_RATE);

  /**
   * The metrics computed from survey answers: compared only while both arms answer at similar rates
   * (docs/metrics.md, the response-balance check).
   */
  public static final List<Metric> SURVEY = List.of(NPS, CSAT, CSAT_TOP2);

  /**
   * The loyalty measures of docs/metrics.md, in that page's order: what the report's loyalty
   * section and the demo's loyalty table show.
   */
  public static final List<Metric> LOYALTY =
      List.of(
          NPS,
          CSAT,
          CSAT_TOP2,
          RESPONSE_RATE,
          CANCELLATION_RATE,
          RETAINED_RATE,
          ORDER_VALUE,
          TIME_TO_REPEAT_PURCHASE);

  /** Which statistic analyses a metric (docs/statistics.md). */
  public enum Kind {
    /** A per-user value: Welch's t-test on the mean. */
    MEAN,
    /** A per-user 0/1 value: binomial variance. */
    PROPORTION,
    /** A ratio of two per-user sums (gbstats' ratio statistic, delta method). */
    RATIO,
    /** A time to an event, censored at the window's end (Kaplan–Meier, RMST, log-rank). */
    SURVIVAL;

    /** The wire name, e.g. {@code ratio}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final String id;
  private final Kind kind;
  private final String label;

  Metric(String id, Kind kind, String label) {
    this.id = id;
    this.kind = kind;
    this.label = label;
  }

  /** The wire id, e.g. {@code repeatPurchaseRate}. */
  @JsonValue
  public String id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The statistics engine's model of a mean or proportion metric.
   *
   * @throws IllegalStateException for ratio and survival metrics, which have their own analyses
   */
  public MetricType type() {
    return switch (kind) {
      case MEAN -> MetricType.MEAN;
      case PROPORTION -> MetricType.PROPORTION;
      case RATIO, SURVIVAL -> throw new IllegalStateException(id + " is a " + kind.wireName());
    };
  }

  /** Plain-language name for the report and the demo. */
  public String label() {
    return label;
  }

  /**
   * True when a lower value is the good outcome (fewer cancellations, fewer days to the repeat
   * purchase): the report colours such a lift as a gain when it is negative.
   */
  public boolean lowerIsBetter() {
    return this == CANCELLATION_RATE || this == TIME_TO_REPEAT_PURCHASE;
  }

  /**
   * True when only the absolute lift is reported: NPS can be zero or negative, so a lift relative
   * to it means nothing (docs/metrics.md).
   */
  public boolean absoluteOnly() {
    return this == NPS;
  }

  /** True when the metric has a pre-window covariate for CUPED. */
  public boolean hasCovariate() {
    return switch (this) {
      case RESPONSE_RATE, NPS, CSAT, CSAT_TOP2, TIME_TO_REPEAT_PURCHASE -> false;
      default -> true;
    };
  }

  public static Optional<Metric> fromId(String id) {
    for (Metric m : values()) {
      if (m.id.equals(id)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The metric of a wire id in a stored document. */
  @JsonCreator
  static Metric ofId(String id) {
    return fromId(id).orElseThrow(() -> new IllegalArgumentException("unknown metric: " + id));
  }
}
