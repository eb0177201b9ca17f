package campaignlift.report;

import static campaignlift.report.Formats.coordinate;
import static campaignlift.report.Formats.signedPercent0;
import static campaignlift.report.Html.esc;

import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.evaluation.result.Summary;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's inline SVG charts: the forest plot of every row's relative lift and interval, and
 * one lift-over-time chart per headline metric from the stored history.
 */
final class Charts {
  private Charts() {}

  /**
   * The forest plot: one line per row with a relative lift, its decision interval as a bar and its
   * lift as a dot; green for a significant gain, red for a significant loss (direction-aware), grey
   * otherwise. NPS and time to repeat purchase have no relative lift and are left to the table.
   */
  static void forest(StringBuilder h, List<MetricRow> allRows, boolean sequential) {
    h.append("<section id=\"forest\"><h2>Relative lift by metric and segment</h2>");
    List<MetricRow> rows = new ArrayList<>(allRows.size());
    for (MetricRow r : allRows) {
      if (!r.absoluteOnly()) {
        rows.add(r);
      }
    }
    if (rows.isEmpty()) {
      h.append("<p>No rows.</p></section>\n");
      return;
    }
    double lo = 0;
    double hi = 0;
    for (MetricRow r : rows) {
      MetricRow.Interval ci = r.decisionInterval(sequential);
      lo = Math.min(lo, finite(ci.ciLower()));
      hi = Math.max(hi, finite(ci.ciUpper()));
    }
    double pad = Math.max((hi - lo) * 0.05, 0.01);
    lo -= pad;
    hi += pad;
    int labelW = 330;
    int plotW = 520;
    int rowH = 18;
    int top = 24;
    int height = top + rows.size() * rowH + 10;
    int width = labelW + plotW + 20;
    svg(h, "forest", width, height, "forest plot");
    double x0 = labelW + (0 - lo) / (hi - lo) * plotW;
    for (double t : ticks(lo, hi)) {
      double x = labelW + (t - lo) / (hi - lo) * plotW;
      h.append("<text x=\"").append(coordinate(x)).append("\" y=\"14\" class=\"tick\">");
      h.append(signedPercent0(t)).append("</text>");
    }
    for (int i = 0; i < rows.size(); i++) {
      MetricRow r = rows.get(i);
      MetricRow.Interval ci = r.decisionInterval(sequential);
      double y = top + i * rowH + rowH / 2.0;
      if (i % 2 == 0) {
        h.append("<rect x=\"0\" y=\"")
            .append(coordinate(y - rowH / 2.0))
            .append("\" width=\"")
            .append(width)
            .append("\" height=\"")
            .append(rowH)
            .append("\" fill=\"#f5f7fa\"/>");
      }
      MetricFormats.Effect effect = MetricFormats.effect(r, ci);
      String color =
          switch (effect) {
            case GAIN -> "#0a7d32";
            case LOSS -> "#c62828";
            case NONE -> MetricFormats.notComparable(r) ? "#aab" : "#555";
          };
      h.append("<text x=\"4\" y=\"").append(coordinate(y + 4)).append("\" class=\"lbl\">");
      h.append(esc(r.metric().label()))
          .append(" · ")
          .append(esc(ReportPage.segment(r.segment())))
          .append(" · ")
          .append(esc(r.group()))
          .append(MetricFormats.notComparable(r) ? " · not comparable" : "")
          .append("</text>");
      double xl = labelW + (finite(ci.ciLower()) - lo) / (hi - lo) * plotW;
      double xu = labelW + (finite(ci.ciUpper()) - lo) / (hi - lo) * plotW;
      double xe = labelW + (finite(ci.estimate()) - lo) / (hi - lo) * plotW;
      h.append(line(xl, y, xu, y, color, null));
      h.append("<circle cx=\"").append(coordinate(xe)).append("\" cy=\"").append(coordinate(y));
      h.append("\" r=\"4\" fill=\"").append(color).append("\"/>");
    }
    h.append(line(x0, top - 6, x0, height - 6, "#888", "4 3"));
    h.append("</svg><p class=\"note\">Dots: relative lift; bars: ")
        .append(sequential ? "always-valid " : "")
        .append("confidence intervals. Green: a significant gain, red: a significant loss, after ")
        .append("the multiple-testing correction. For cancellation rate lower is better, so a ")
        .append(
            "significant decrease is green. NPS (points) and days to repeat purchase (days) are ")
        .append("differences, not relative lifts: they are in the table.</p></section>\n");
  }

  /**
   * One chart per headline metric: the first treatment group's lift and interval at each stored
   * evaluation.
   */
  static void overTime(StringBuilder h, List<Headline> history) {
    h.append("<section id=\"over-time\"><h2>Lift over time</h2><div class=\"charts\">");
    for (Metric metric : Metric.HEADLINE) {
      List<Summary.HeadlineRow> points = new ArrayList<>();
      List<String> times = new ArrayList<>();
      String group = null;
      for (Headline s : history) {
        for (Summary.HeadlineRow r : s.rows()) {
          if (r.metric() != metric) {
            continue;
          }
          if (group == null) {
            group = r.group();
          }
          if (!r.group().equals(group)) {
            continue;
          }
          points.add(r);
          times.add(s.evaluatedAt());
        }
      }
      chart(h, metric, group, points, times);
    }
    h.append("</div></section>\n");
  }

  /** How many evaluations a chart shows, so a reader knows how far back it goes. */
  static String evaluations(int n) {
    return n == 1 ? "1 evaluation" : n + " evaluations";
  }

  private static void chart(
      StringBuilder h,
      Metric metric,
      String group,
      List<Summary.HeadlineRow> points,
      List<String> times) {
    int w = 380;
    int ht = 200;
    int left = 48;
    int right = 10;
    int top = 24;
    int bottom = 30;
    h.append("<figure>");
    svg(h, null, w, ht, "lift over time");
    h.append("<text x=\"4\" y=\"14\" class=\"lbl\">")
        .append(esc(metric.label()))
        .append(group == null ? "" : " · " + esc(group))
        .append(points.isEmpty() ? "" : " · " + evaluations(points.size()))
        .append("</text>");
    if (points.isEmpty()) {
      h.append("<text x=\"60\" y=\"100\" class=\"lbl\">no history yet</text></svg></figure>");
      return;
    }
    double lo = 0;
    double hi = 0;
    for (Summary.HeadlineRow p : points) {
      lo = Math.min(lo, finite(p.ciLower()));
      hi = Math.max(hi, finite(p.ciUpper()));
    }
    double pad = Math.max((hi - lo) * 0.05, 0.01);
    lo -= pad;
    hi += pad;
    int pw = w - left - right;
    int ph = ht - top - bottom;
    int n = points.size();
    StringBuilder band = new StringBuilder();
    StringBuilder upper = new StringBuilder();
    StringBuilder lower = new StringBuilder();
    StringBuilder mid = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double x = left + (n == 1 ? pw / 2.0 : (double) i / (n - 1) * pw);
      Summary.HeadlineRow p = points.get(i);
      upper
          .append(i == 0 ? "M" : "L")
          .append(coordinate(x))
          .append(',')
          .append(coordinate(yOf(finite(p.ciUpper()), lo, hi, top, ph)));
      mid.append(i == 0 ? "M" : "L")
          .append(coordinate(x))
          .append(',')
          .append(coordinate(yOf(finite(p.estimate()), lo, hi, top, ph)));
    }
    for (int i = n - 1; i >= 0; i--) {
      double x = left + (n == 1 ? pw / 2.0 : (double) i / (n - 1) * pw);
      lower
          .append('L')
          .append(coordinate(x))
          .append(',')
          .append(coordinate(yOf(finite(points.get(i).ciLower()), lo, hi, top, ph)));
    }
    band.append(upper).append(lower).append('Z');
    double y0 = yOf(0, lo, hi, top, ph);
    h.append(line(left, y0, w - right, y0, "#888", "4 3"));
    for (double t : ticks(lo, hi)) {
      h.append("<text x=\"2\" y=\"")
          .append(coordinate(yOf(t, lo, hi, top, ph) + 4))
          .append("\" class=\"tick\">");
      h.append(signedPercent0(t)).append("</text>");
    }
    h.append("<path d=\"")
        .append(band)
        .append("\" fill=\"#2a6fdb\" fill-opacity=\"0.18\" stroke=\"none\"/>");
    h.append("<path d=\"")
        .append(mid)
        .append("\" fill=\"none\" stroke=\"#2a6fdb\" stroke-width=\"2\"/>");
    for (int i = 0; i < n; i++) {
      double x = left + (n == 1 ? pw / 2.0 : (double) i / (n - 1) * pw);
      h.append("<circle cx=\"").append(coordinate(x)).append("\" cy=\"");
      h.append(coordinate(yOf(finite(points.get(i).estimate()), lo, hi, top, ph)));
      h.append("\" r=\"3\" fill=\"#2a6fdb\"/>");
    }
    h.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(ht - 8)
        .append("\" class=\"tick\">");
    h.append(esc(minute(times.get(0)))).append("</text>");
    if (n > 1) {
      h.append("<text x=\"").append(w - right).append("\" y=\"").append(ht - 8);
      h.append("\" class=\"tick\" text-anchor=\"end\">");
      h.append(esc(minute(times.get(n - 1)))).append("</text>");
    }
    h.append("</svg><figcaption>").append(n).append(n == 1 ? " evaluation" : " evaluations");
    h.append("</figcaption></figure>");
  }

  /** An {@code <svg>} element's opening tag, as wide and high as its view box. */
  static void svg(StringBuilder h, String cssClass, int width, int height, String label) {
    h.append("<svg ")
        .append(cssClass == null ? "" : "class=\"" + cssClass + "\" ")
        .append("viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(label)
        .append("\">");
  }

  /** An evaluation time to the minute, e.g. {@code 2026-03-20T09:00}. */
  private static String minute(String evaluatedAt) {
    return evaluatedAt.substring(0, Math.min(16, evaluatedAt.length()));
  }

  private static double yOf(double v, double lo, double hi, int top, int ph) {
    return top + (hi - v) / (hi - lo) * ph;
  }

  /** Undefined figures sit on the zero line. */
  static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  /** Axis ticks at a round step, at most 12. */
  static List<Double> ticks(double lo, double hi) {
    double span = hi - lo;
    double step = Math.pow(10, Math.floor(Math.log10(span / 4)));
    if (span / step > 8) {
      step *= span / step > 16 ? 5 : 2;
    }
    List<Double> out = new ArrayList<>();
    for (double t = Math.ceil(lo / step) * step; t <= hi && out.size() < 12; t += step) {
      out.add(Math.abs(t) < step / 1e6 ? 0 : t);
    }
    return out;
  }

  static String line(double x1, double y1, double x2, double y2, String c, String dash) {
    return "<line x1=\""
        + coordinate(x1)
        + "\" y1=\""
        + coordinate(y1)
        + "\" x2=\""
        + coordinate(x2)
        + "\" y2=\""
        + coordinate(y2)
        + "\" stroke=\""
        + c
        + "\" stroke-width=\"2\""
        + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
        + "/>";
  }
}
