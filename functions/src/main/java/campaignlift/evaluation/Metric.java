package campaignlift.evaluation;

import campaignlift.recording.Counters;
import campaignlift.stats.MetricType;
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
  public String id() {
    return id;
  }

  public MetricType type() {
    return type;
  }

  /** Plain-language name for reports. */
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

  /** The metric's value for one enrolment (outcome window). */
  public double value(Counters c) {
    switch (this) {
      case NEW_USERS:
        return c.signups();
      case ACTIVE_RATE:
        return c.activity() >= 1 ? 1 : 0;
      case ACTIVITY:
        return c.activity();
      case PURCHASER_RATE:
        return c.purchases() >= 1 ? 1 : 0;
      case REPEAT_PURCHASE_RATE:
        return c.purchases() >= 1 && c.purchasesBeforeEnd() >= 2 ? 1 : 0;
      case PURCHASES:
        return c.purchases();
      default:
        return c.revenue().doubleValue();
    }
  }

  /** The CUPED covariate for one enrolment: the same metric on the pre-window. */
  public double covariate(Counters c) {
    switch (this) {
      case NEW_USERS:
        return c.preSignups();
      case ACTIVE_RATE:
        return c.preActivity() >= 1 ? 1 : 0;
      case ACTIVITY:
        return c.preActivity();
      case PURCHASER_RATE:
        return c.prePurchases() >= 1 ? 1 : 0;
      case REPEAT_PURCHASE_RATE:
        return c.prePurchases() >= 1 && c.purchasesBeforeStart() >= 2 ? 1 : 0;
      case PURCHASES:
        return c.prePurchases();
      default:
        return c.preRevenue().doubleValue();
    }
  }
}
