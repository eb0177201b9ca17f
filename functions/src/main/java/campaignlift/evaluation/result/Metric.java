package campaignlift.evaluation.result;

import campaignlift.recording.Counters;
import campaignlift.stats.MetricType;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * The seven metrics of docs/metrics.md, each derived from an enrolment's {@link Counters}: the
 * value y in the outcome window and the CUPED covariate x, the same metric measured on the
 * pre-window.
 */
public enum Metric {
  NEW_USERS("newUsers", MetricType.MEAN, "new users"),
  ACTIVE_RATE("activeRate", MetricType.PROPORTION, "active rate"),
  ACTIVITY("activity", MetricType.MEAN, "activity"),
  PURCHASER_RATE("purchaserRate", MetricType.PROPORTION, "purchaser rate"),
  REPEAT_PURCHASE_RATE("repeatPurchaseRate", MetricType.PROPORTION, "repeat purchase rate"),
  PURCHASES("purchases", MetricType.MEAN, "purchases"),
  REVENUE("revenue", MetricType.MEAN, "revenue");

  /** The headline metrics of docs/metrics.md, in report order. */
  public static final List<Metric> HEADLINE = List.of(NEW_USERS, ACTIVITY, REPEAT_PURCHASE_RATE);

  private final String id;
  private final MetricType type;
  private final String label;

  Metric(String id, MetricType type, String label) {
    this.id = id;
    this.type = type;
    this.label = label;
  }

  /** The wire id, e.g. {@code repeatPurchaseRate}. */
  @JsonValue
  public String id() {
    return id;
  }

  public MetricType type() {
    return type;
  }

  /** Plain-language name for the report and the demo. */
  public String label() {
    return label;
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

  /** The metric's value for one enrolment (outcome window). */
  public double value(Counters c) {
    return switch (this) {
      case NEW_USERS -> c.signups();
      case ACTIVE_RATE -> c.activity() >= 1 ? 1 : 0;
      case ACTIVITY -> c.activity();
      case PURCHASER_RATE -> c.purchases() >= 1 ? 1 : 0;
      case REPEAT_PURCHASE_RATE -> c.purchases() >= 1 && c.purchasesBeforeEnd() >= 2 ? 1 : 0;
      case PURCHASES -> c.purchases();
      case REVENUE -> c.revenue().doubleValue();
    };
  }

  /** The CUPED covariate for one enrolment: the same metric on the pre-window. */
  public double covariate(Counters c) {
    return switch (this) {
      case NEW_USERS -> c.preSignups();
      case ACTIVE_RATE -> c.preActivity() >= 1 ? 1 : 0;
      case ACTIVITY -> c.preActivity();
      case PURCHASER_RATE -> c.prePurchases() >= 1 ? 1 : 0;
      case REPEAT_PURCHASE_RATE -> c.prePurchases() >= 1 && c.purchasesBeforeStart() >= 2 ? 1 : 0;
      case PURCHASES -> c.prePurchases();
      case REVENUE -> c.preRevenue().doubleValue();
    };
  }
}
