package campaignlift.report;

import static campaignlift.report.Formats.number;
import static campaignlift.report.Formats.percent1;
import static campaignlift.report.Formats.signedPercent1;

import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import java.util.Locale;

/**
 * Each metric in its own unit (docs/metrics.md, docs/results.md): shares as percentages, NPS in
 * points, CSAT as a 1–5 mean, money amounts as numbers of the currency unit, time to repeat
 * purchase in restricted mean days; and which way a significant lift counts, gain or loss.
 */
final class MetricFormats {
  private MetricFormats() {}

  /** A group's value: {@code 30.0%}, {@code 32.0} (NPS), {@code 3.85} (CSAT), {@code 9.8 days}. */
  static String value(Metric m, double v) {
    if (m.kind() == Metric.Kind.PROPORTION || m == Metric.CSAT_TOP2) {
      return percent1(v);
    }
    return switch (m) {
      case NPS -> fixed(v, 1);
      case CSAT -> fixed(v, 2);
      case TIME_TO_REPEAT_PURCHASE -> fixed(v, 1) + " days";
      default -> number(v);
    };
  }

  /**
   * A lift as the row reports it: relative ({@code +5.0%}), or for a metric without a relative lift
   * the difference in its unit ({@code +4.5 points} for NPS, {@code -1.2 days}).
   */
  static String lift(MetricRow r, double v) {
    if (!r.absoluteOnly()) {
      return signedPercent1(v);
    }
    String s = String.format(Locale.ROOT, "%+.1f", Double.isFinite(v) ? v : 0);
    return switch (r.metric()) {
      case NPS -> s + " points";
      case TIME_TO_REPEAT_PURCHASE -> s + " days";
      default -> s;
    };
  }

  /** True when a decrease is the good outcome ({@code direction: lower}). */
  static boolean lowerIsBetter(MetricRow r) {
    return r.direction() == null ? r.metric().lowerIsBetter() : "lower".equals(r.direction());
  }

  /** Which way a significant lift counts. */
  enum Effect {
    GAIN,
    LOSS,
    NONE
  }

  /**
   * A significant lift in the metric's good direction is a gain, in the other a loss: a significant
   * fall of the cancellation rate is a gain, a significant fall of the repeat purchase rate a loss.
   */
  static Effect effect(MetricRow r, MetricRow.Interval ci) {
    double e = ci.estimate();
    if (!r.significant() || !Double.isFinite(e) || e == 0) {
      return Effect.NONE;
    }
    return (e < 0) == lowerIsBetter(r) ? Effect.GAIN : Effect.LOSS;
  }

  /** False only for survey rows the response-balance check flagged. */
  static boolean notComparable(MetricRow r) {
    return Boolean.FALSE.equals(r.comparable());
  }

  private static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, decimals == 1 ? "%.1f" : "%.2f", Double.isFinite(v) ? v : 0);
  }
}
