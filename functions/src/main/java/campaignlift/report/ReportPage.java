package campaignlift.report;

import static campaignlift.report.Formats.number;
import static campaignlift.report.Formats.pValue;
import static campaignlift.report.Formats.percent0;
import static campaignlift.report.Formats.percent1;
import static campaignlift.report.Formats.signedPercent1;
import static campaignlift.report.Html.esc;

import campaignlift.evaluation.result.Freshness;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.evaluation.result.Reconciliation;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.Segment;
import campaignlift.evaluation.result.SegmentValues;
import java.util.List;

/**
 * One report page. Sections, in order: health banners (SRM first, red when mismatched; then any
 * survey whose arms answered at different rates) and checks, the headline lifts in plain words, the
 * loyalty metrics in their own units, a forest plot of every relative lift, the Kaplan–Meier curves
 * of time to repeat purchase, lift over time from the stored history, and the full table. Colours
 * are direction-aware: a significant lift in a metric's good direction is green, in the other red.
 * Every string that comes from users (campaign name, group names, attribute names and values) is
 * HTML-escaped.
 */
final class ReportPage {
  private final Result result;
  private final List<Headline> history;
  private final boolean sequential;
  private final String confidence;
  private final StringBuilder h = new StringBuilder(64 * 1024);

  ReportPage(Result result, List<Headline> history) {
    this.result = result;
    this.history = history;
    this.sequential = result.settings().sequential();
    this.confidence = percent0(1 - result.settings().alpha());
  }

  String render() {
    String name = result.title();
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
        .append(esc(result.campaignId()))
        .append("</code> · evaluated ")
        .append(esc(result.evaluatedAt()))
        .append(" · ")
        .append(sequential ? "always-valid (sequential) " : "fixed-horizon ")
        .append(confidence)
        .append(" intervals · correction ")
        .append(esc(result.settings().correction().wireName()))
        .append(" · CUPED ")
        .append(result.settings().cuped() ? "on" : "off")
        .append(result.settings().maturedOnly() ? " · matured enrolments only" : "")
        .append("</p>\n");
    health();
    headline();
    loyalty();
    Charts.forest(h, result.results(), sequential);
    SurvivalChart.section(h, result.results(), controlName(), confidence);
    Charts.overTime(h, history);
    table();
    h.append("</body></html>\n");
    return h.toString();
  }

  private void health() {
    Health health = result.health();
    Health.SrmCheck srm = health.srm();
    h.append("<section id=\"health\"><h2>Health checks</h2>");
    if (srm.mismatch()) {
      h.append("<div class=\"banner bad\" id=\"srm\"><strong>Sample ratio mismatch</strong>: ")
          .append("the groups' enrolment counts do not match the configured weights (p = ")
          .append(pValue(srm.pValue()))
          .append(" &lt; ")
          .append(pValue(srm.threshold()))
          .append("). Assignment or logging is likely broken; do not trust the lifts ")
          .append("below until the cause is found.</div>");
    } else {
      h.append("<div class=\"banner ok\" id=\"srm\">Sample ratio check passed (p = ")
          .append(pValue(srm.pValue()))
          .append(").</div>");
    }
    surveyWarnings(health);
    h.append("<table class=\"health\"><tr><th>group</th><th>weight</th><th>enrolled</th>")
        .append("<th>analysed</th></tr>");
    for (GroupCount g : result.groups()) {
      h.append("<tr><td>")
          .append(esc(g.name()))
          .append(g.control() ? " — holdout" : "")
          .append("</td><td>")
          .append(percent1(g.weight()))
          .append("</td><td>")
          .append(g.enrolled())
          .append("</td><td>")
          .append(g.analysed())
          .append("</td></tr>");
    }
    h.append("</table><ul class=\"checks\">")
        .append("<li>Conflicting group assignments (excluded): ")
        .append(health.conflicts())
        .append("</li><li>Repeat exposures of enrolled users: ")
        .append(health.duplicates())
        .append("</li><li>Enrolments not yet matured (excluded): ")
        .append(health.immatureExcluded())
        .append("</li>");
    if (health.unreadable() > 0) {
      h.append("<li class=\"unreadable\">Stored enrolments that could not be read (left out): ")
          .append(health.unreadable())
          .append("</li>");
    }
    if (health.segmentValues() != null) {
      segmentValues(health.segmentValues());
    }
    freshness(health);
    surveyBalance(health);
    h.append("</ul></section>\n");
  }

  /**
   * One warning per survey and treatment group whose response rates differ (docs/metrics.md, the
   * response-balance check): the arms' answers then come from different kinds of users, and
   * non-response alone can make a lift.
   */
  private void surveyWarnings(Health health) {
    if (health.surveyResponse() == null) {
      return;
    }
    for (Health.SurveyResponse s : health.surveyResponse()) {
      if (s.comparable()) {
        continue;
      }
      h.append("<div class=\"banner warn survey\"><strong>")
          .append(esc(surveyLabel(s.survey())))
          .append(" survey not comparable</strong> for ")
          .append(esc(s.group()))
          .append(": ")
          .append(percent1(s.controlRate()))
          .append(" of ")
          .append(esc(controlName()))
          .append(" and ")
          .append(percent1(s.treatmentRate()))
          .append(" of ")
          .append(esc(s.group()))
          .append(" answered (p = ")
          .append(pValue(s.pValue()))
          .append(" &lt; ")
          .append(pValue(s.threshold()))
          .append("). Non-response can fake a lift: the ")
          .append(esc(surveyMetrics(s.survey())))
          .append(" rows of ")
          .append(esc(s.group()))
          .append(" are marked not comparable and never significant.</div>");
    }
  }

  /** The balanced surveys, one line each in the checks list. */
  private void surveyBalance(Health health) {
    if (health.surveyResponse() == null) {
      return;
    }
    for (Health.SurveyResponse s : health.surveyResponse()) {
      if (!s.comparable()) {
        continue;
      }
      h.append("<li class=\"survey\">")
          .append(esc(surveyLabel(s.survey())))
          .append(" survey response rates balanced for ")
          .append(esc(s.group()))
          .append(": ")
          .append(percent1(s.controlRate()))
          .append(" vs ")
          .append(percent1(s.treatmentRate()))
          .append(" (p = ")
          .append(pValue(s.pValue()))
          .append(")</li>");
    }
  }

  /** A survey's name: NPS or CSAT. */
  private static String surveyLabel(String survey) {
    return Metric.fromId(survey).map(Metric::label).orElse(survey);
  }

  /** The metrics computed from a survey's answers, in words. */
  private static String surveyMetrics(String survey) {
    StringBuilder b = new StringBuilder();
    for (Metric m : Metric.SURVEY) {
      boolean fromIt = m == Metric.NPS ? "nps".equals(survey) : "csat".equals(survey);
      if (fromIt) {
        b.append(b.length() == 0 ? "" : " and ").append(m.label());
      }
    }
    return b.length() == 0 ? survey : b.toString();
  }

  private String controlName() {
    for (GroupCount g : result.groups()) {
      if (g.control()) {
        return g.name();
      }
    }
    return "control";
  }

  /** Where the sums came from, how fresh, and the last reconciliation (docs/aggregates.md). */
  private void freshness(Health health) {
    Freshness f = health.freshness();
    if (f != null) {
      h.append("<li class=\"freshness\">");
      if (Freshness.STREAM.equals(f.source())) {
        h.append("Sums from the stream-fed aggregates");
        if (f.newestChange() != null) {
          h.append(", newest change ").append(Html.esc(f.newestChange()));
        }
        if (f.lagMs() != null) {
          h.append(", folded ").append(f.lagMs()).append(" ms after it");
        }
      } else {
        h.append("Sums from a full read of every enrolment");
      }
      h.append("</li>");
    }
    Reconciliation r = health.reconciliation();
    if (r != null) {
      h.append(r.differences() == 0 ? "<li>" : "<li class=\"unreadable\">")
          .append("Last reconciliation with a full recompute (")
          .append(Html.esc(r.reconciledAt()))
          .append("): ")
          .append(r.differences())
          .append(r.differences() == 1 ? " cell differed" : " cells differed")
          .append("</li>");
    }
  }

  /** One line per segment attribute whose values did not all get a segment of their own. */
  private void segmentValues(SegmentValues v) {
    for (SegmentValues.Attribute a : v.attributes()) {
      if (a.foldedValues() == 0) {
        continue;
      }
      String atLeast = a.distinctValuesExact() ? "" : "more than ";
      h.append("<li class=\"folded\">Segment attribute <code>")
          .append(esc(a.attribute()))
          .append("</code>: ")
          .append(atLeast)
          .append(a.distinctValues())
          .append(" distinct values; ")
          .append(a.ownSegments())
          .append(" have a segment of their own (the first ")
          .append(v.valuesPerAttribute())
          .append(" in sort order, of at most ")
          .append(v.maxValueLength())
          .append(" characters), ")
          .append(atLeast)
          .append(a.foldedValues())
          .append(" are folded into <code>(other)</code> (")
          .append(a.foldedEnrolments())
          .append(" enrolments).</li>");
    }
  }

  private void headline() {
    h.append("<section id=\"headline\"><h2>Headline lift</h2>");
    boolean any = false;
    for (Metric metric : Metric.HEADLINE) {
      for (MetricRow r : result.results()) {
        if (r.metric() != metric || !r.segment().equals(Segment.ALL)) {
          continue;
        }
        any = true;
        MetricRow.Interval ci = r.decisionInterval(sequential);
        boolean sig = r.significant();
        h.append("<p class=\"headline ")
            .append(effectClass(r, ci))
            .append("\"><span class=\"big\">")
            .append(signedPercent1(ci.estimate()))
            .append(' ')
            .append(esc(metric.label()))
            .append("</span> (")
            .append(confidence)
            .append(" CI ")
            .append(signedPercent1(ci.ciLower()))
            .append(" to ")
            .append(signedPercent1(ci.ciUpper()))
            .append("), ")
            .append(verdict(sig, ci))
            .append(" <span class=\"detail\">— ")
            .append(esc(r.group()))
            .append(" vs control; ")
            .append(MetricFormats.value(metric, r.treatment().mean()))
            .append(" vs ")
            .append(MetricFormats.value(metric, r.control().mean()))
            .append(metric.kind() == Metric.Kind.MEAN ? " per user; " : "; ")
            .append(
                r.incremental() == null
                    ? ""
                    : "about " + number(r.incremental().estimate()) + " incremental; ")
            .append("adjusted p = ")
            .append(pValue(r.pValueAdjusted()))
            .append(reason(r))
            .append("</span></p>");
      }
    }
    if (!any) {
      h.append("<p>No results yet: no group has analysed enrolments.</p>");
    }
    h.append("</section>\n");
  }

  /**
   * Significant after the correction; or an interval that excludes 0 but did not survive the
   * correction; or not significant.
   */
  private static String verdict(boolean significant, MetricRow.Interval ci) {
    if (significant) {
      return "significant";
    }
    return ci.ciLower() > 0 || ci.ciUpper() < 0
        ? "not significant after the multiple-testing correction"
        : "not significant";
  }

  /** The table's row class: a significant gain, a significant loss, or not comparable. */
  private static String effectClass(MetricRow r, MetricRow.Interval ci) {
    return switch (MetricFormats.effect(r, ci)) {
      case GAIN -> "sig";
      case LOSS -> "sig loss";
      case NONE -> MetricFormats.notComparable(r) ? "nc" : "ns";
    };
  }

  /**
   * The loyalty metrics of segment {@code all} in plain words, each in its unit: NPS in points,
   * CSAT as a 1–5 mean, shares as percentages, order value in the currency unit, time to repeat
   * purchase in restricted mean days (docs/results.md).
   */
  private void loyalty() {
    StringBuilder s = new StringBuilder();
    for (Metric metric : Metric.LOYALTY) {
      for (MetricRow r : result.results()) {
        if (r.metric() != metric || !r.segment().equals(Segment.ALL)) {
          continue;
        }
        MetricRow.Interval ci = r.decisionInterval(sequential);
        s.append("<p class=\"headline loyal ")
            .append(effectClass(r, ci))
            .append("\"><span class=\"big\">")
            .append(esc(metric.label()))
            .append(' ')
            .append(MetricFormats.value(metric, r.control().mean()))
            .append(" → ")
            .append(MetricFormats.value(metric, r.treatment().mean()))
            .append(", ")
            .append(MetricFormats.lift(r, ci.estimate()))
            .append("</span> (")
            .append(confidence)
            .append(" CI ")
            .append(MetricFormats.lift(r, ci.ciLower()))
            .append(" to ")
            .append(MetricFormats.lift(r, ci.ciUpper()))
            .append("), ")
            .append(
                MetricFormats.notComparable(r)
                    ? "not comparable: the arms answered the survey at different rates"
                    : verdict(r.significant(), ci))
            .append(" <span class=\"detail\">— ")
            .append(esc(r.group()))
            .append(" vs control")
            .append(MetricFormats.lowerIsBetter(r) ? " (lower is better)" : "")
            .append("; ")
            .append(unitNote(metric, r))
            .append("adjusted p = ")
            .append(pValue(r.pValueAdjusted()))
            .append(reason(r))
            .append("</span></p>");
      }
    }
    if (s.length() > 0) {
      h.append("<section id=\"loyalty\"><h2>Loyalty</h2>").append(s).append("</section>\n");
    }
  }

  /** What the figures of a loyalty sentence are, where the label alone does not say. */
  private static String unitNote(Metric metric, MetricRow r) {
    return switch (metric) {
      case NPS -> "promoters minus detractors among those who answered, in points; ";
      case CSAT -> "mean score (1–5) among those who answered; ";
      case CSAT_TOP2 -> "share of answers 4 or 5; ";
      case ORDER_VALUE -> "revenue per purchase; ";
      case TIME_TO_REPEAT_PURCHASE ->
          r.survival() == null
              ? "restricted mean days; "
              : "restricted mean days over "
                  + r.survival().horizonDays()
                  + " days; log-rank p = "
                  + pValue(r.survival().logRank().pValue())
                  + "; ";
      default -> "";
    };
  }

  private void table() {
    h.append("<section id=\"rows\"><h2>All results</h2><p class=\"note\">Lifts are relative, ")
        .append("except NPS (difference in points) and days to repeat purchase (difference in ")
        .append("restricted mean days). Green rows: a significant gain; red rows: a significant ")
        .append("loss. For cancellation rate and days to repeat purchase lower is better, so a ")
        .append("significant decrease is a gain. Survey rows marked not comparable come from arms ")
        .append("that answered at different rates.</p><table class=\"rows\"><tr>")
        .append("<th>metric</th><th>segment</th><th>group</th><th>n (C / T)</th>")
        .append("<th>value (C / T)</th><th>lift</th><th>CI</th><th>adjusted p</th>")
        .append("<th>chance to win</th><th>CUPED</th></tr>");
    for (MetricRow r : result.results()) {
      MetricRow.Interval ci = r.decisionInterval(sequential);
      String cls = effectClass(r, ci);
      Metric m = r.metric();
      h.append("<tr")
          .append(cls.equals("ns") ? "" : " class=\"" + cls + "\"")
          .append("><td>")
          .append(esc(m.label()))
          .append("</td><td>")
          .append(esc(segment(r.segment())))
          .append("</td><td>")
          .append(esc(r.group()))
          .append("</td><td>")
          .append(r.control().n())
          .append(" / ")
          .append(r.treatment().n())
          .append("</td><td>")
          .append(MetricFormats.value(m, r.control().mean()))
          .append(" / ")
          .append(MetricFormats.value(m, r.treatment().mean()))
          .append(
              MetricFormats.lowerIsBetter(r) ? "</td><td title=\"" + LOWER + "\">" : "</td><td>")
          .append(MetricFormats.lift(r, ci.estimate()))
          .append("</td><td>")
          .append(MetricFormats.lift(r, ci.ciLower()))
          .append(" to ")
          .append(MetricFormats.lift(r, ci.ciUpper()))
          .append("</td><td>")
          .append(pValue(r.pValueAdjusted()))
          .append("</td><td>")
          .append(percent0(r.chanceToWin()))
          .append("</td><td>")
          .append(
              r.cuped().applied() ? "−" + percent0(r.cuped().varianceReduction()) + " var" : "off")
          .append(MetricFormats.notComparable(r) ? " · not comparable" : "")
          .append(reason(r))
          .append("</td></tr>");
    }
    h.append("</table></section>\n");
  }

  /** The tooltip of a lower-is-better lift. */
  private static final String LOWER = "lower is better: a significant decrease is a gain";

  /** A segment in words: {@code all users}, or {@code attribute = value}. */
  static String segment(Segment s) {
    return s.attribute().equals(Segment.ALL.attribute())
        ? "all users"
        : s.attribute() + " = " + s.value();
  }

  private static String reason(MetricRow r) {
    return r.reason() == null ? "" : " (not estimable: " + esc(r.reason()) + ")";
  }

  private static final String CSS =
      "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2330;"
          + "max-width:1100px;margin:24px auto;padding:0 16px}h1{margin:0 0 4px}"
          + "h2{margin:28px 0 8px;font-size:19px;border-bottom:1px solid #dde2ea;padding-bottom:4px}"
          + ".meta,.note,figcaption,.detail{color:#5b6474;font-size:13px}"
          + ".banner{padding:10px 14px;border-radius:6px;margin:8px 0}"
          + ".banner.bad{background:#c62828;color:#fff}.banner.ok{background:#e8f5e9;color:#1b5e20}"
          + ".headline{margin:6px 0}.big{font-size:21px;font-weight:600}"
          + ".banner.warn{background:#fff3e0;color:#7a3e00;border:1px solid #f0a030}"
          + ".headline.sig .big{color:#0a7d32}.headline.ns .big{color:#37474f}"
          + ".headline.loss .big{color:#c62828}.headline.nc .big{color:#8a8f99}"
          + "table{border-collapse:collapse;font-size:13px;margin:6px 0}"
          + "td,th{border-bottom:1px solid #e3e7ee;padding:3px 8px;text-align:left}"
          + "tr.sig td{background:#eef8f0}tr.loss td{background:#fdecea}tr.nc td{color:#8a8f99}"
          + ".charts{display:flex;flex-wrap:wrap;gap:12px}"
          + "figure{margin:0}figure.km{max-width:440px}"
          + ".tick{font-size:10px;fill:#5b6474}.lbl{font-size:12px;fill:#1d2330}"
          + "svg{background:#fff}code{background:#f1f3f6;padding:0 3px;border-radius:3px}";
}
