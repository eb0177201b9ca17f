package campaignlift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Correction;
import campaignlift.evaluation.CellSums;
import campaignlift.evaluation.EvaluationInput;
import campaignlift.evaluation.RatioCellSums;
import campaignlift.evaluation.ResultAnalysis;
import campaignlift.evaluation.Statistic;
import campaignlift.evaluation.SyntheticStatistics;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.MetricRow;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The loyalty metrics in the report (docs/results.md, "The loyalty metrics in the report"): each in
 * its unit, direction-aware colours, the survey comparability warning and the Kaplan–Meier chart,
 * rendered from results that {@link ResultAnalysis} computed from synthetic statistics.
 */
class LoyaltyReportTest {
  static final Segment EMAIL = new Segment("ch", "email");

  /**
   * Control and {@code group}, 1,000 users each in segments all and ch = email. The treated arm's
   * per-user rates and means are {@code lift} times the control's (shares 0.3, NPS 30 points, CSAT
   * 3.0, order value 15, days to repeat inversely). When {@code treatedAnswerShare} is not 0.25,
   * the treated arm answers the surveys at that rate instead of the control's 25%.
   */
  static Result result(String group, double lift, double treatedAnswerShare) {
    EvaluationSettings s =
        new EvaluationSettings(
            0.05, false, true, Correction.BH, true, 14, 30, 5000, null, List.of("ch"));
    List<Statistic> stats = new ArrayList<>();
    for (String g : List.of("control", group)) {
      boolean treated = g.equals(group);
      double p = 0.3 * (treated ? lift : 1.0);
      for (Segment seg : List.of(Segment.ALL, EMAIL)) {
        for (Metric m : Metric.values()) {
          stats.add(
              switch (m.kind()) {
                case MEAN, PROPORTION ->
                    new Statistic(
                        g, seg, m, new CellSums(1000, 1000 * p, 1000 * p * 1.5, 280, 300, 200));
                case RATIO ->
                    Metric.SURVEY.contains(m) && treated && treatedAnswerShare != 0.25
                        ? survey(g, seg, m, p, treatedAnswerShare)
                        : SyntheticStatistics.of(g, seg, m, 1000, ratioMean(m, p));
                case SURVIVAL -> SyntheticStatistics.of(g, seg, m, 1000, 10 * p);
              });
        }
      }
    }
    return ResultAnalysis.result(
        new EvaluationInput(
            "camp",
            "Loyalty",
            "2026-03-20T09:00:00.000Z",
            s,
            List.of(
                new GroupCount("control", true, 0.5, 1000, 1000),
                new GroupCount(group, false, 0.5, 1000, 1000)),
            new Health(0.5, 0, 0, 0, 0),
            stats));
  }

  /** A ratio metric's mean per answer (or per purchase): points, a 1–5 score, a share, money. */
  private static double ratioMean(Metric m, double p) {
    return switch (m) {
      case NPS -> 100 * p;
      case CSAT -> 10 * p;
      case CSAT_TOP2 -> p;
      default -> 50 * p;
    };
  }

  /** A survey metric whose arm answered at {@code share}: answers are 0/1 per user. */
  private static Statistic survey(String g, Segment seg, Metric m, double p, double share) {
    double answered = 1000 * share;
    double mean = ratioMean(m, p);
    double num = mean * answered;
    return Statistic.ratio(
        g,
        seg,
        m,
        new RatioCellSums(
            1000,
            num,
            (mean * mean + Math.abs(mean) + 1) * answered,
            answered,
            answered,
            num,
            null));
  }

  private static MetricRow row(Result r, Metric m, Segment seg) {
    for (MetricRow row : r.results()) {
      if (row.metric() == m && row.segment().equals(seg)) {
        return row;
      }
    }
    throw new AssertionError("no row " + m + " " + seg);
  }

  /** The table row of a metric in a segment, from {@code <tr} to {@code </tr>}. */
  private static String tableRow(String html, Metric m, String segment) {
    Matcher t =
        Pattern.compile(
                "<tr[^>]*><td>"
                    + Pattern.quote(m.label())
                    + "</td><td>"
                    + Pattern.quote(segment)
                    + "</td>.*?</tr>")
            .matcher(html.substring(html.indexOf("id=\"rows\"")));
    assertTrue(t.find(), m + " " + segment);
    return t.group();
  }

  private static List<String> cells(String tr) {
    List<String> out = new ArrayList<>();
    Matcher c = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(tr);
    while (c.find()) {
      out.add(c.group(1));
    }
    return out;
  }

  private static String text(String html) {
    return html.replaceAll("<[^>]+>", "");
  }

  /** An independent p-value format: three decimals, or one-decimal scientific below 0.001. */
  private static String p(double v) {
    return v < 0.001
        ? String.format(Locale.ROOT, "%.1e", v)
        : String.format(Locale.ROOT, "%.3f", v);
  }

  @Test
  void npsIsADifferenceInPointsNeverAPercent() {
    Result r = result("treated", 1.1, 0.25);
    MetricRow nps = row(r, Metric.NPS, Segment.ALL);
    String html = Report.render(r, List.of());
    // NPS 30 points in control, 33 in the treated arm (the synthetic input), the lift in points.
    String big =
        String.format(
            Locale.ROOT, "NPS 30.0 → 33.0, %+.1f points</span>", nps.absolute().estimate());
    assertTrue(html.contains(big), big + " in\n" + text(html));
    assertEquals(3.0, nps.absolute().estimate(), 1e-9, "33 − 30 points");
    int at = html.indexOf(big);
    String sentence = html.substring(html.lastIndexOf("<p ", at), html.indexOf("</p>", at));
    String ci =
        String.format(
            Locale.ROOT,
            "(95%% CI %+.1f points to %+.1f points)",
            nps.absolute().ciLower(),
            nps.absolute().ciUpper());
    assertTrue(text(sentence).contains(ci), ci + " in " + text(sentence));
    assertFalse(text(sentence).replace("95% CI", "").contains("%"), text(sentence));
    for (String seg : List.of("all users", "ch = email")) {
      List<String> c = cells(tableRow(html, Metric.NPS, seg));
      assertEquals("30.0 / 33.0", c.get(4), seg);
      for (int i = 4; i <= 6; i++) {
        assertFalse(c.get(i).contains("%"), "value, lift and CI in points: " + c);
      }
      assertTrue(c.get(5).endsWith(" points"), c.get(5));
    }
    assertFalse(html.contains("class=\"lbl\">NPS · "), "no NPS line in the relative forest plot");
  }

  @Test
  void eachMetricIsInItsUnit() {
    Result r = result("treated", 1.1, 0.25);
    String html = Report.render(r, List.of());
    assertEquals("3.00 / 3.30", cells(tableRow(html, Metric.CSAT, "all users")).get(4));
    assertEquals("30.0% / 33.0%", cells(tableRow(html, Metric.CSAT_TOP2, "all users")).get(4));
    for (Metric m : List.of(Metric.RESPONSE_RATE, Metric.CANCELLATION_RATE, Metric.RETAINED_RATE)) {
      assertEquals("30.0% / 33.0%", cells(tableRow(html, m, "all users")).get(4), m.label());
    }
    // Order value in the currency unit, like revenue: 50 × 0.3 = 15 per purchase.
    assertEquals("15.0 / 16.5", cells(tableRow(html, Metric.ORDER_VALUE, "all users")).get(4));
    // Time to repeat purchase: restricted mean days and their difference in days, every segment.
    for (Segment seg : List.of(Segment.ALL, EMAIL)) {
      MetricRow t = row(r, Metric.TIME_TO_REPEAT_PURCHASE, seg);
      List<String> c =
          cells(tableRow(html, Metric.TIME_TO_REPEAT_PURCHASE, ReportPage.segment(seg)));
      assertEquals(
          String.format(
              Locale.ROOT,
              "%.1f days / %.1f days",
              t.survival().control().rmst(),
              t.survival().treatment().rmst()),
          c.get(4));
      assertEquals(
          String.format(Locale.ROOT, "%+.1f days", t.absolute().estimate()), c.get(5), seg.value());
    }
  }

  @Test
  void aSignificantDecreaseOfALowerIsBetterMetricIsAGain() {
    // Halved rates: fewer cancellations (good), fewer repeat purchases (bad), sooner repeats.
    Result r = result("treated", 0.5, 0.25);
    MetricRow cancel = row(r, Metric.CANCELLATION_RATE, Segment.ALL);
    MetricRow repeat = row(r, Metric.REPEAT_PURCHASE_RATE, Segment.ALL);
    MetricRow days = row(r, Metric.TIME_TO_REPEAT_PURCHASE, Segment.ALL);
    for (MetricRow x : List.of(cancel, repeat, days)) {
      assertTrue(x.significant() && x.absolute().estimate() < 0, x.metric() + " fell");
    }
    String html = Report.render(r, List.of());
    assertTrue(
        tableRow(html, Metric.CANCELLATION_RATE, "all users").startsWith("<tr class=\"sig\">"));
    assertTrue(
        tableRow(html, Metric.TIME_TO_REPEAT_PURCHASE, "all users")
            .startsWith("<tr class=\"sig\">"));
    assertTrue(
        tableRow(html, Metric.REPEAT_PURCHASE_RATE, "all users")
            .startsWith("<tr class=\"sig loss\">"));
    assertTrue(
        tableRow(html, Metric.CANCELLATION_RATE, "all users")
            .contains("title=\"lower is better: a significant decrease is a gain\""));
    assertTrue(html.contains("For cancellation rate and days to repeat purchase lower is better"));
    // The forest plot: green dot for the cancellation rate's fall, red for the repeat rate's.
    assertEquals("#0a7d32", forestColour(html, "cancellation rate · all users · treated"));
    assertEquals("#c62828", forestColour(html, "repeat purchase rate · all users · treated"));
    // The headline repeat purchase rate, a significant fall, is coloured as a loss.
    assertTrue(html.contains("<p class=\"headline sig loss\"><span class=\"big\">-50.0% repeat"));

    // Doubled rates: the reverse.
    Result up = result("treated", 2.0, 0.25);
    String upHtml = Report.render(up, List.of());
    assertTrue(row(up, Metric.CANCELLATION_RATE, Segment.ALL).significant());
    assertTrue(
        tableRow(upHtml, Metric.CANCELLATION_RATE, "all users")
            .startsWith("<tr class=\"sig loss\">"));
    assertTrue(
        tableRow(upHtml, Metric.REPEAT_PURCHASE_RATE, "all users")
            .startsWith("<tr class=\"sig\">"));
    assertEquals("#c62828", forestColour(upHtml, "cancellation rate · all users · treated"));
  }

  /** The colour of a forest plot line's dot. */
  private static String forestColour(String html, String label) {
    Matcher m =
        Pattern.compile(Pattern.quote(label) + "</text><line [^>]*/><circle [^>]*fill=\"(#\\w+)\"")
            .matcher(html);
    assertTrue(m.find(), label);
    return m.group(1);
  }

  @Test
  void surveysAnsweredAtDifferentRatesAreFlaggedNotComparable() {
    Result r = result("treated", 1.1, 0.40);
    Health.SurveyResponse nps = null;
    for (Health.SurveyResponse s : r.health().surveyResponse()) {
      if (s.survey().equals("nps")) {
        nps = s;
      }
    }
    assertNotNull(nps);
    assertFalse(nps.comparable(), "25% against 40% of 1,000 answered");
    String text = text(Report.render(r, List.of()));
    String warning =
        "NPS survey not comparable for treated: 25.0% of control and 40.0% of treated answered"
            + " (p = "
            + p(nps.pValue())
            + " &lt; "
            + p(nps.threshold())
            + "). Non-response can fake a lift: the NPS rows of treated are marked not comparable";
    assertTrue(text.contains(warning), warning + " in\n" + text);
    assertTrue(text.contains("CSAT survey not comparable for treated"), text);
    String html = Report.render(r, List.of());
    assertTrue(html.indexOf("banner warn survey") < html.indexOf("Headline lift"));
    for (Metric m : Metric.SURVEY) {
      for (String seg : List.of("all users", "ch = email")) {
        String tr = tableRow(html, m, seg);
        assertTrue(tr.startsWith("<tr class=\"nc\">") && tr.contains("not comparable"), tr);
      }
    }
    assertFalse(
        tableRow(html, Metric.RESPONSE_RATE, "all users").contains("not comparable"),
        "the response rate itself is not a survey answer");

    Result balanced = result("treated", 1.1, 0.25);
    String ok = Report.render(balanced, List.of());
    assertFalse(ok.contains("survey not comparable"), "balanced surveys: no warning");
    assertFalse(ok.contains("class=\"nc\"") || ok.contains("· not comparable"), "no marks");
    assertFalse(ok.contains("banner warn"));
    assertTrue(text(ok).contains("NPS survey response rates balanced for treated: 25.0% vs 25.0%"));
  }

  @Test
  void kaplanMeierChartHasOneStepLinePerArmAndTheLogRankCaption() {
    Result r = result("treated", 0.5, 0.25);
    MetricRow t = row(r, Metric.TIME_TO_REPEAT_PURCHASE, Segment.ALL);
    String html = Report.render(r, List.of());
    int start = html.indexOf("<figure class=\"km\">");
    assertTrue(start > 0, "the Kaplan–Meier chart is there");
    assertEquals(-1, html.indexOf("<figure class=\"km\">", start + 1), "one chart per group");
    String fig = html.substring(start, html.indexOf("</figure>", start));
    Matcher paths = Pattern.compile("<path d=\"([^\"]+)\"").matcher(fig);
    List<String> d = new ArrayList<>();
    while (paths.find()) {
      d.add(paths.group(1));
    }
    assertEquals(2, d.size(), "one curve per arm");
    List<MetricRow.CurvePoint> control = t.survival().control().curve();
    List<MetricRow.CurvePoint> treated = t.survival().treatment().curve();
    assertEquals(
        lastShare(control), lastShare(d.get(0)), 0.01, "control ends where its curve does");
    assertEquals(
        lastShare(treated), lastShare(d.get(1)), 0.01, "treated ends where its curve does");
    assertTrue(lastShare(treated) < lastShare(control), "the treated arm repeats sooner");
    assertTrue(fig.contains(">control</text>") && fig.contains(">treated</text>"), "a legend");
    assertTrue(fig.contains("days since exposure") && fig.contains("share without a repeat"));
    String caption = text(fig.substring(fig.indexOf("<figcaption>")));
    assertTrue(
        caption.contains("log-rank p = " + p(t.survival().logRank().pValue()) + ";"), caption);
    assertTrue(
        caption.contains(
            String.format(
                Locale.ROOT,
                "over 14 days: %.1f vs %.1f, difference %+.1f days",
                t.survival().control().rmst(),
                t.survival().treatment().rmst(),
                t.absolute().estimate())),
        caption);
  }

  @Test
  void groupNamesInTheChartsAreEscaped() {
    Result r = result("<i>\"vip\"</i>", 0.5, 0.40);
    String html = Report.render(r, List.of());
    assertFalse(html.contains("<i>"), "no markup from a group name");
    assertTrue(html.contains("&lt;i&gt;&quot;vip&quot;&lt;/i&gt;</text>"), "the KM legend");
    assertTrue(html.contains("survey not comparable</strong> for &lt;i&gt;"), "the warning");
  }

  /** The share still without a repeat at the end of a curve. */
  private static double lastShare(List<MetricRow.CurvePoint> curve) {
    return curve.get(curve.size() - 1).survival();
  }

  /**
   * The share at the end of a drawn step line: its last vertical step in the plot's coordinates
   * (top 40, height 174 for 100%).
   */
  private static double lastShare(String path) {
    Matcher v = Pattern.compile("V([0-9.]+)").matcher(path);
    double y = Double.NaN;
    while (v.find()) {
      y = Double.parseDouble(v.group(1));
    }
    return 1 - (y - 40) / 174;
  }
}
