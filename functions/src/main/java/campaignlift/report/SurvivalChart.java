package campaignlift.report;

import static campaignlift.report.Charts.line;
import static campaignlift.report.Formats.coordinate;
import static campaignlift.report.Formats.pValue;
import static campaignlift.report.Html.esc;

import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.evaluation.result.Segment;
import java.util.List;
import java.util.Locale;

/**
 * Time to repeat purchase as Kaplan–Meier curves (docs/metrics.md, docs/statistics.md): one inline
 * SVG chart per treatment group of segment {@code all}, a step line per arm of the share still
 * without a repeat purchase by day since exposure, captioned with the log-rank p-value and the
 * restricted mean difference. Other segments carry no curve; the table shows their restricted
 * means.
 */
final class SurvivalChart {
  private SurvivalChart() {}

  static final String CONTROL_COLOUR = "#5b6474";
  static final String TREATMENT_COLOUR = "#2a6fdb";

  /** The section, when the result has a time-to-repeat row with curves. */
  static void section(StringBuilder h, List<MetricRow> rows, String control, String confidence) {
    boolean any = false;
    for (MetricRow r : rows) {
      if (r.metric() != Metric.TIME_TO_REPEAT_PURCHASE
          || !r.segment().equals(Segment.ALL)
          || r.survival() == null
          || r.survival().control().curve() == null
          || r.survival().treatment().curve() == null) {
        continue;
      }
      if (!any) {
        h.append("<section id=\"repeat\"><h2>Time to repeat purchase</h2><div class=\"charts\">");
        any = true;
      }
      chart(h, r, control, confidence);
    }
    if (any) {
      h.append("</div><p class=\"note\">Kaplan–Meier curves: the share of each arm's users ")
          .append("without a repeat purchase yet, by day since exposure; users whose window ended ")
          .append("first are censored. A curve that falls faster means sooner repeat purchases. ")
          .append("Restricted mean: the average days to the repeat purchase within the window ")
          .append("(lower is better).</p></section>\n");
    }
  }

  private static void chart(StringBuilder h, MetricRow r, String control, String confidence) {
    MetricRow.Survival s = r.survival();
    int horizon = Math.max(1, s.horizonDays());
    int w = 440;
    int ht = 250;
    int left = 46;
    int right = 12;
    int top = 40;
    int bottom = 36;
    int pw = w - left - right;
    int ph = ht - top - bottom;
    h.append("<figure class=\"km\">");
    Charts.svg(h, null, w, ht, "Kaplan-Meier curves of time to repeat purchase");
    // Axes and the share ticks.
    h.append(line(left, top + ph, left + pw, top + ph, "#888", null));
    h.append(line(left, top, left, top + ph, "#888", null));
    for (int q = 0; q <= 4; q++) {
      double y = top + (1 - q / 4.0) * ph;
      h.append("<text x=\"")
          .append(left - 4)
          .append("\" y=\"")
          .append(coordinate(y + 3))
          .append("\" class=\"tick\" text-anchor=\"end\">")
          .append(q * 25)
          .append("%</text>");
    }
    for (double d : Charts.ticks(0, horizon)) {
      h.append("<text x=\"")
          .append(coordinate(left + d / horizon * pw))
          .append("\" y=\"")
          .append(top + ph + 13)
          .append("\" class=\"tick\" text-anchor=\"middle\">")
          .append(Math.round(d))
          .append("</text>");
    }
    h.append("<text x=\"")
        .append(left + pw / 2)
        .append("\" y=\"")
        .append(ht - 6)
        .append("\" class=\"tick\" text-anchor=\"middle\">days since exposure</text>");
    h.append("<text x=\"4\" y=\"12\" class=\"tick\">share without a repeat purchase</text>");
    // Legend, one entry per arm.
    legend(h, left + 170, 12, CONTROL_COLOUR, control);
    legend(h, left + 170, 26, TREATMENT_COLOUR, r.group());
    curve(h, s.control().curve(), horizon, left, top, pw, ph, CONTROL_COLOUR);
    curve(h, s.treatment().curve(), horizon, left, top, pw, ph, TREATMENT_COLOUR);
    MetricRow.Test d = r.absolute();
    h.append("</svg><figcaption>")
        .append(esc(r.group()))
        .append(" vs ")
        .append(esc(control))
        .append(": log-rank p = ")
        .append(pValue(s.logRank().pValue()))
        .append("; restricted mean days to repeat purchase over ")
        .append(s.horizonDays())
        .append(" days: ")
        .append(days(s.control().rmst()))
        .append(" vs ")
        .append(days(s.treatment().rmst()))
        .append(", difference ")
        .append(MetricFormats.lift(r, d.estimate()))
        .append(" (")
        .append(confidence)
        .append(" CI ")
        .append(MetricFormats.lift(r, d.ciLower()))
        .append(" to ")
        .append(MetricFormats.lift(r, d.ciUpper()))
        .append("); repeat purchases ")
        .append(s.control().events())
        .append(" vs ")
        .append(s.treatment().events())
        .append(".</figcaption></figure>");
  }

  private static void legend(StringBuilder h, int x, int y, String colour, String name) {
    h.append(line(x, y - 4, x + 18, y - 4, colour, null));
    h.append("<text x=\"")
        .append(x + 22)
        .append("\" y=\"")
        .append(y)
        .append("\" class=\"lbl\">")
        .append(esc(name))
        .append("</text>");
  }

  /**
   * The step function: 100% from day 0, dropping to each point's share at its day, held to the
   * window's end.
   */
  private static void curve(
      StringBuilder h,
      List<MetricRow.CurvePoint> points,
      int horizon,
      int left,
      int top,
      int pw,
      int ph,
      String colour) {
    StringBuilder d = new StringBuilder(16 + points.size() * 16);
    d.append('M').append(left).append(',').append(top);
    for (MetricRow.CurvePoint p : points) {
      int day = Math.max(0, Math.min(horizon, p.day()));
      double share = Math.max(0, Math.min(1, Charts.finite(p.survival())));
      d.append('H')
          .append(coordinate(left + (double) day / horizon * pw))
          .append('V')
          .append(coordinate(top + (1 - share) * ph));
    }
    d.append('H').append(left + pw);
    h.append("<path d=\"")
        .append(d)
        .append("\" fill=\"none\" stroke=\"")
        .append(colour)
        .append("\" stroke-width=\"2\"/>");
  }

  private static String days(double v) {
    return String.format(Locale.ROOT, "%.1f", Charts.finite(v));
  }
}
