package campaignlift.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders one self-contained HTML page per evaluation: inline CSS and inline SVG only (no scripts,
 * fonts or images), so it opens from S3 or a disk anywhere. Sections, in order: health banner (SRM
 * first, red when mismatched), the headline lifts in plain words, a forest plot of every metric ×
 * segment, lift over time from the stored history, the health checks and the full table. Every
 * string that comes from users (campaign name, group names, attribute names and values) is
 * HTML-escaped.
 */
public final class Report {
  public static final String CONTENT_TYPE = "text/html; charset=utf-8";
  private static final List<String> HEADLINE =
      List.of("newUsers", "activity", "repeatPurchaseRate");

  private Report() {}

  public static String key(String campaignId, String evaluatedAt) {
    return "reports/" + campaignId + "/" + evaluatedAt + ".html";
  }

  public static String latestKey(String campaignId) {
    return "reports/" + campaignId + "/latest.html";
  }

  /**
   * @param result the result document of docs/results.md
   * @param history result summaries, oldest first, the current one last (see {@code Summary})
   */
  public static String render(JsonNode result, List<JsonNode> history) {
    StringBuilder h = new StringBuilder(64 * 1024);
    String name = result.path("name").asText(result.path("campaignId").asText());
    JsonNode settings = result.path("settings");
    boolean sequential = settings.path("sequential").asBoolean();
    double alpha = settings.path("alpha").asDouble(0.05);
    String confidence = pct0(1 - alpha);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(name))
        .append(" — campaign-lift report</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    h.append("<h1>")
        .append(esc(name))
        .append("</h1><p class=\"meta\">Campaign <code>")
        .append(esc(result.path("campaignId").asText()))
        .append("</code> · evaluated ")
        .append(esc(result.path("evaluatedAt").asText()))
        .append(" · ")
        .append(sequential ? "always-valid (sequential) " : "fixed-horizon ")
        .append(confidence)
        .append(" intervals · correction ")
        .append(esc(settings.path("correction").asText()))
        .append(" · CUPED ")
        .append(settings.path("cuped").asBoolean() ? "on" : "off")
        .append(settings.path("maturedOnly").asBoolean() ? " · matured enrolments only" : "")
        .append("</p>\n");
    health(h, result);
    headline(h, result, sequential, confidence);
    forest(h, result, sequential);
    overTime(h, history);
    table(h, result, sequential);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void health(StringBuilder h, JsonNode result) {
    JsonNode health = result.path("health");
    JsonNode srm = health.path("srm");
    boolean mismatch = srm.path("mismatch").asBoolean();
    h.append("<section id=\"health\"><h2>Health checks</h2>");
    if (mismatch) {
      h.append("<div class=\"banner bad\" id=\"srm\"><strong>Sample ratio mismatch</strong>: ")
          .append("the groups' enrolment counts do not match the configured weights (p = ")
          .append(sci(srm.path("pValue").asDouble()))
          .append(" &lt; 0.001). Assignment or logging is likely broken; do not trust the lifts ")
          .append("below until the cause is found.</div>");
    } else {
      h.append("<div class=\"banner ok\" id=\"srm\">Sample ratio check passed (p = ")
          .append(sci(srm.path("pValue").asDouble()))
          .append(").</div>");
    }
    h.append("<table class=\"health\"><tr><th>group</th><th>weight</th><th>enrolled</th>")
        .append("<th>analysed</th></tr>");
    for (JsonNode g : result.path("groups")) {
      h.append("<tr><td>")
          .append(esc(g.path("name").asText()))
          .append(g.path("control").asBoolean() ? " — holdout" : "")
          .append("</td><td>")
          .append(pct1(g.path("weight").asDouble()))
          .append("</td><td>")
          .append(g.path("enrolled").asLong())
          .append("</td><td>")
          .append(g.path("analysed").asLong())
          .append("</td></tr>");
    }
    h.append("</table><ul class=\"checks\">")
        .append("<li>Conflicting group assignments (excluded): ")
        .append(health.path("conflicts").asLong())
        .append("</li><li>Repeat exposures of enrolled users: ")
        .append(health.path("duplicates").asLong())
        .append("</li><li>Enrolments not yet matured (excluded): ")
        .append(health.path("immatureExcluded").asLong())
        .append("</li>");
    if (health.path("unreadable").asLong() > 0) {
      h.append("<li class=\"unreadable\">Stored enrolments that could not be read (left out): ")
          .append(health.path("unreadable").asLong())
          .append("</li>");
    }
    segmentValues(h, health.path("segmentValues"));
    h.append("</ul></section>\n");
  }

  /** One line per segment attribute whose values did not all get a segment of their own. */
  private static void segmentValues(StringBuilder h, JsonNode v) {
    for (JsonNode a : v.path("attributes")) {
      if (a.path("foldedValues").asLong() == 0) {
        continue;
      }
      long distinct = a.path("distinctValues").asLong();
      h.append("<li class=\"folded\">Segment attribute <code>")
          .append(esc(a.path("attribute").asText()))
          .append("</code>: ")
          .append(a.path("distinctValuesExact").asBoolean() ? "" : "more than ")
          .append(distinct)
          .append(" distinct values; ")
          .append(a.path("ownSegments").asLong())
          .append(" have a segment of their own (the first ")
          .append(v.path("valuesPerAttribute").asLong())
          .append(" in sort order, of at most ")
          .append(v.path("maxValueLength").asLong())
          .append(" characters), ")
          .append(a.path("distinctValuesExact").asBoolean() ? "" : "more than ")
          .append(a.path("foldedValues").asLong())
          .append(" are folded into <code>(other)</code> (")
          .append(a.path("foldedEnrolments").asLong())
          .append(" enrolments).</li>");
    }
  }

  private static void headline(
      StringBuilder h, JsonNode result, boolean sequential, String confidence) {
    h.append("<section id=\"headline\"><h2>Headline lift</h2>");
    boolean any = false;
    for (String metric : HEADLINE) {
      for (JsonNode r : result.path("results")) {
        if (!r.path("metric").asText().equals(metric) || !isAll(r)) {
          continue;
        }
        any = true;
        JsonNode ci = interval(r, sequential);
        boolean sig = r.path("significant").asBoolean();
        h.append("<p class=\"headline ")
            .append(sig ? "sig" : "ns")
            .append("\"><span class=\"big\">")
            .append(pct1s(r.path("relative").path("estimate").asDouble()))
            .append(' ')
            .append(esc(label(metric)))
            .append("</span> (")
            .append(confidence)
            .append(" CI ")
            .append(pct1s(ci.path("ciLower").asDouble()))
            .append(" to ")
            .append(pct1s(ci.path("ciUpper").asDouble()))
            .append("), ")
            .append(
                sig
                    ? "significant"
                    : interval(r, sequential).path("ciLower").asDouble() > 0
                            || interval(r, sequential).path("ciUpper").asDouble() < 0
                        ? "not significant after the multiple-testing correction"
                        : "not significant")
            .append(" <span class=\"detail\">— ")
            .append(esc(r.path("group").asText()))
            .append(" vs control; ")
            .append(num(r.path("treatment").path("mean").asDouble()))
            .append(" vs ")
            .append(num(r.path("control").path("mean").asDouble()))
            .append(" per user; about ")
            .append(num(r.path("incremental").path("estimate").asDouble()))
            .append(" incremental; adjusted p = ")
            .append(sci(r.path("pValueAdjusted").asDouble()))
            .append(reason(r))
            .append("</span></p>");
      }
    }
    if (!any) {
      h.append("<p>No results yet: no group has analysed enrolments.</p>");
    }
    h.append("</section>\n");
  }

  private static void forest(StringBuilder h, JsonNode result, boolean sequential) {
    List<JsonNode> rows = new ArrayList<>();
    result.path("results").forEach(rows::add);
    h.append("<section id=\"forest\"><h2>Relative lift by metric and segment</h2>");
    if (rows.isEmpty()) {
      h.append("<p>No rows.</p></section>\n");
      return;
    }
    double lo = 0;
    double hi = 0;
    for (JsonNode r : rows) {
      JsonNode ci = interval(r, sequential);
      lo = Math.min(lo, finite(ci.path("ciLower").asDouble()));
      hi = Math.max(hi, finite(ci.path("ciUpper").asDouble()));
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
    h.append("<svg class=\"forest\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" role=\"img\" aria-label=\"forest plot\">");
    double x0 = labelW + (0 - lo) / (hi - lo) * plotW;
    for (double t : ticks(lo, hi)) {
      double x = labelW + (t - lo) / (hi - lo) * plotW;
      h.append("<text x=\"").append(f(x)).append("\" y=\"14\" class=\"tick\">");
      h.append(pct0s(t)).append("</text>");
    }
    for (int i = 0; i < rows.size(); i++) {
      JsonNode r = rows.get(i);
      JsonNode ci = interval(r, sequential);
      double y = top + i * rowH + rowH / 2.0;
      if (i % 2 == 0) {
        h.append("<rect x=\"0\" y=\"")
            .append(f(y - rowH / 2.0))
            .append("\" width=\"")
            .append(width)
            .append("\" height=\"")
            .append(rowH)
            .append("\" fill=\"#f5f7fa\"/>");
      }
      String color = r.path("significant").asBoolean() ? "#0a7d32" : "#555";
      h.append("<text x=\"4\" y=\"").append(f(y + 4)).append("\" class=\"lbl\">");
      h.append(esc(label(r.path("metric").asText())))
          .append(" · ")
          .append(esc(segment(r)))
          .append(" · ")
          .append(esc(r.path("group").asText()))
          .append("</text>");
      double xl = labelW + (finite(ci.path("ciLower").asDouble()) - lo) / (hi - lo) * plotW;
      double xu = labelW + (finite(ci.path("ciUpper").asDouble()) - lo) / (hi - lo) * plotW;
      double xe =
          labelW + (r.path("relative").path("estimate").asDouble() - lo) / (hi - lo) * plotW;
      h.append(line(xl, y, xu, y, color, null));
      h.append("<circle cx=\"").append(f(xe)).append("\" cy=\"").append(f(y));
      h.append("\" r=\"4\" fill=\"").append(color).append("\"/>");
    }
    h.append(line(x0, top - 6, x0, height - 6, "#888", "4 3"));
    h.append("</svg><p class=\"note\">Dots: relative lift; bars: ")
        .append(sequential ? "always-valid " : "")
        .append("confidence intervals. Green rows are significant after the multiple-testing ")
        .append("correction.</p></section>\n");
  }

  private static void overTime(StringBuilder h, List<JsonNode> history) {
    h.append("<section id=\"over-time\"><h2>Lift over time</h2><div class=\"charts\">");
    for (String metric : HEADLINE) {
      List<double[]> pts = new ArrayList<>();
      List<String> times = new ArrayList<>();
      String group = null;
      for (JsonNode s : history) {
        for (JsonNode r : s.path("headline")) {
          if (!r.path("metric").asText().equals(metric)) {
            continue;
          }
          if (group == null) {
            group = r.path("group").asText();
          }
          if (!r.path("group").asText().equals(group)) {
            continue;
          }
          pts.add(
              new double[] {
                r.path("estimate").asDouble(),
                finite(r.path("ciLower").asDouble()),
                finite(r.path("ciUpper").asDouble())
              });
          times.add(s.path("evaluatedAt").asText());
        }
      }
      chart(h, metric, group, pts, times);
    }
    h.append("</div></section>\n");
  }

  private static void chart(
      StringBuilder h, String metric, String group, List<double[]> pts, List<String> times) {
    int w = 380;
    int ht = 200;
    int left = 48;
    int right = 10;
    int top = 24;
    int bottom = 30;
    h.append("<figure><svg viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(ht)
        .append("\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(ht)
        .append("\" role=\"img\" aria-label=\"lift over time\">");
    h.append("<text x=\"4\" y=\"14\" class=\"lbl\">")
        .append(esc(label(metric)))
        .append(group == null ? "" : " · " + esc(group))
        .append("</text>");
    if (pts.isEmpty()) {
      h.append("<text x=\"60\" y=\"100\" class=\"lbl\">no history yet</text></svg></figure>");
      return;
    }
    double lo = 0;
    double hi = 0;
    for (double[] p : pts) {
      lo = Math.min(lo, p[1]);
      hi = Math.max(hi, p[2]);
    }
    double pad = Math.max((hi - lo) * 0.05, 0.01);
    lo -= pad;
    hi += pad;
    int pw = w - left - right;
    int ph = ht - top - bottom;
    int n = pts.size();
    StringBuilder band = new StringBuilder();
    StringBuilder upper = new StringBuilder();
    StringBuilder lower = new StringBuilder();
    StringBuilder mid = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double x = left + (n == 1 ? pw / 2.0 : (double) i / (n - 1) * pw);
      upper
          .append(i == 0 ? "M" : "L")
          .append(f(x))
          .append(',')
          .append(f(yOf(pts.get(i)[2], lo, hi, top, ph)));
      mid.append(i == 0 ? "M" : "L")
          .append(f(x))
          .append(',')
          .append(f(yOf(pts.get(i)[0], lo, hi, top, ph)));
    }
    for (int i = n - 1; i >= 0; i--) {
      double x = left + (n == 1 ? pw / 2.0 : (double) i / (n - 1) * pw);
      lower.append('L').append(f(x)).append(',').append(f(yOf(pts.get(i)[1], lo, hi, top, ph)));
    }
    band.append(upper).append(lower).append('Z');
    double y0 = yOf(0, lo, hi, top, ph);
    h.append(line(left, y0, w - right, y0, "#888", "4 3"));
    for (double t : ticks(lo, hi)) {
      h.append("<text x=\"2\" y=\"")
          .append(f(yOf(t, lo, hi, top, ph) + 4))
          .append("\" class=\"tick\">");
      h.append(pct0s(t)).append("</text>");
    }
    h.append("<path d=\"")
        .append(band)
        .append("\" fill=\"#2a6fdb\" fill-opacity=\"0.18\" stroke=\"none\"/>");
    h.append("<path d=\"")
        .append(mid)
        .append("\" fill=\"none\" stroke=\"#2a6fdb\" stroke-width=\"2\"/>");
    for (int i = 0; i < n; i++) {
      double x = left + (n == 1 ? pw / 2.0 : (double) i / (n - 1) * pw);
      h.append("<circle cx=\"").append(f(x)).append("\" cy=\"");
      h.append(f(yOf(pts.get(i)[0], lo, hi, top, ph))).append("\" r=\"3\" fill=\"#2a6fdb\"/>");
    }
    h.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(ht - 8)
        .append("\" class=\"tick\">");
    h.append(esc(times.get(0).substring(0, Math.min(16, times.get(0).length())))).append("</text>");
    if (n > 1) {
      String last = times.get(n - 1);
      h.append("<text x=\"").append(w - right).append("\" y=\"").append(ht - 8);
      h.append("\" class=\"tick\" text-anchor=\"end\">");
      h.append(esc(last.substring(0, Math.min(16, last.length())))).append("</text>");
    }
    h.append("</svg><figcaption>").append(n).append(n == 1 ? " evaluation" : " evaluations");
    h.append("</figcaption></figure>");
  }

  private static void table(StringBuilder h, JsonNode result, boolean sequential) {
    h.append("<section id=\"rows\"><h2>All results</h2><table class=\"rows\"><tr>")
        .append("<th>metric</th><th>segment</th><th>group</th><th>n (C / T)</th>")
        .append("<th>mean (C / T)</th><th>relative lift</th><th>CI</th><th>adjusted p</th>")
        .append("<th>chance to win</th><th>CUPED</th></tr>");
    for (JsonNode r : result.path("results")) {
      JsonNode ci = interval(r, sequential);
      h.append("<tr")
          .append(r.path("significant").asBoolean() ? " class=\"sig\"" : "")
          .append("><td>")
          .append(esc(label(r.path("metric").asText())))
          .append("</td><td>")
          .append(esc(segment(r)))
          .append("</td><td>")
          .append(esc(r.path("group").asText()))
          .append("</td><td>")
          .append(r.path("control").path("n").asLong())
          .append(" / ")
          .append(r.path("treatment").path("n").asLong())
          .append("</td><td>")
          .append(num(r.path("control").path("mean").asDouble()))
          .append(" / ")
          .append(num(r.path("treatment").path("mean").asDouble()))
          .append("</td><td>")
          .append(pct1s(r.path("relative").path("estimate").asDouble()))
          .append("</td><td>")
          .append(pct1s(ci.path("ciLower").asDouble()))
          .append(" to ")
          .append(pct1s(ci.path("ciUpper").asDouble()))
          .append("</td><td>")
          .append(sci(r.path("pValueAdjusted").asDouble()))
          .append("</td><td>")
          .append(pct0(r.path("chanceToWin").asDouble()))
          .append("</td><td>")
          .append(
              r.path("cuped").path("applied").asBoolean()
                  ? "−" + pct0(r.path("cuped").path("varianceReduction").asDouble()) + " var"
                  : "off")
          .append(reason(r))
          .append("</td></tr>");
    }
    h.append("</table></section>\n");
  }

  private static JsonNode interval(JsonNode row, boolean sequential) {
    return sequential ? row.path("sequential") : row.path("relative");
  }

  private static boolean isAll(JsonNode r) {
    return r.path("segment").path("attribute").asText().equals("all");
  }

  private static String segment(JsonNode r) {
    JsonNode s = r.path("segment");
    return isAll(r) ? "all users" : s.path("attribute").asText() + " = " + s.path("value").asText();
  }

  private static String reason(JsonNode r) {
    return r.has("reason") ? " (not estimable: " + esc(r.path("reason").asText()) + ")" : "";
  }

  static String label(String metric) {
    switch (metric) {
      case "newUsers":
        return "new users";
      case "activeRate":
        return "active rate";
      case "activity":
        return "activity";
      case "purchaserRate":
        return "purchaser rate";
      case "repeatPurchaseRate":
        return "repeat purchase rate";
      case "purchases":
        return "purchases";
      case "revenue":
        return "revenue";
      default:
        return metric;
    }
  }

  /** HTML-escapes text for element content and quoted attribute values. */
  public static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<':
          b.append("&lt;");
          break;
        case '>':
          b.append("&gt;");
          break;
        case '&':
          b.append("&amp;");
          break;
        case '"':
          b.append("&quot;");
          break;
        case '\'':
          b.append("&#39;");
          break;
        default:
          b.append(c);
      }
    }
    return b.toString();
  }

  private static double yOf(double v, double lo, double hi, int top, int ph) {
    return top + (hi - v) / (hi - lo) * ph;
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private static List<Double> ticks(double lo, double hi) {
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

  private static String line(double x1, double y1, double x2, double y2, String c, String dash) {
    return "<line x1=\""
        + f(x1)
        + "\" y1=\""
        + f(y1)
        + "\" x2=\""
        + f(x2)
        + "\" y2=\""
        + f(y2)
        + "\" stroke=\""
        + c
        + "\" stroke-width=\"2\""
        + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
        + "/>";
  }

  /**
   * An SVG coordinate with one decimal. Integer arithmetic rather than String.format: the largest
   * report has thousands of rows with several coordinates each, and the formatter dominated its
   * rendering time.
   */
  static String f(double v) {
    if (!Double.isFinite(v)) {
      return "0.0";
    }
    long tenths = Math.round(Math.abs(v) * 10);
    return (v < 0 && tenths != 0 ? "-" : "") + tenths / 10 + "." + tenths % 10;
  }

  static String pct1s(double v) {
    return String.format(Locale.ROOT, "%+.1f%%", v * 100);
  }

  private static String pct0s(double v) {
    return String.format(Locale.ROOT, "%+.0f%%", v * 100);
  }

  private static String pct1(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  private static String pct0(double v) {
    return String.format(Locale.ROOT, "%.0f%%", v * 100);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3g", v);
  }

  private static String sci(double v) {
    return v < 0.001
        ? String.format(Locale.ROOT, "%.1e", v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  private static final String CSS =
      "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330;"
          + "max-width:1100px;margin:24px auto;padding:0 16px}h1{margin:0 0 4px}"
          + "h2{margin:28px 0 8px;font-size:19px;border-bottom:1px solid #dde2ea;padding-bottom:4px}"
          + ".meta,.note,figcaption,.detail{color:#5b6474;font-size:13px}"
          + ".banner{padding:10px 14px;border-radius:6px;margin:8px 0}"
          + ".banner.bad{background:#c62828;color:#fff}.banner.ok{background:#e8f5e9;color:#1b5e20}"
          + ".headline{margin:6px 0}.big{font-size:21px;font-weight:600}"
          + ".headline.sig .big{color:#0a7d32}.headline.ns .big{color:#37474f}"
          + "table{border-collapse:collapse;font-size:13px;margin:6px 0}"
          + "td,th{border-bottom:1px solid #e3e7ee;padding:3px 8px;text-align:left}"
          + "tr.sig td{background:#eef8f0}.charts{display:flex;flex-wrap:wrap;gap:12px}"
          + "figure{margin:0}.tick{font-size:10px;fill:#5b6474}.lbl{font-size:12px;fill:#1d2330}"
          + "svg{background:#fff}code{background:#f1f3f6;padding:0 3px;border-radius:3px}";
}
