package campaignlift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Correction;
import campaignlift.evaluation.CellSums;
import campaignlift.evaluation.EvaluationInput;
import campaignlift.evaluation.ResultAnalysis;
import campaignlift.evaluation.Statistic;
import campaignlift.evaluation.SyntheticStatistics;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.Freshness;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Reconciliation;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.Segment;
import campaignlift.evaluation.result.SegmentValues;
import campaignlift.stats.Srm;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportTest {
  static Result result(String name, String value, double srmP) {
    return result(name, value, srmP, null, 1.1);
  }

  /** Two groups of 1,000; the treated group's rate is {@code lift} times the control's 0.3. */
  static Result result(
      String name, String value, double srmP, SegmentValues segmentValues, double lift) {
    return result(name, value, lift, new Health(srmP, 1, 2, 3, 0, segmentValues));
  }

  static Result result(String name, String value, double lift, Health health) {
    EvaluationSettings s =
        new EvaluationSettings(
            0.05, true, true, Correction.BH, true, 14, 30, 5000, 100.0, List.of("ch"));
    List<Statistic> stats = new ArrayList<>();
    for (String g : List.of("control", "treated")) {
      double p = 0.3 * (g.equals("treated") ? lift : 1.0);
      for (Segment seg : List.of(Segment.ALL, new Segment("ch", value))) {
        for (Metric m : Metric.values()) {
          stats.add(
              m.kind() == Metric.Kind.MEAN || m.kind() == Metric.Kind.PROPORTION
                  ? new Statistic(
                      g, seg, m, new CellSums(1000, 1000 * p, 1000 * p * 1.5, 280, 300, 200))
                  : SyntheticStatistics.of(g, seg, m, 1000, m == Metric.NPS ? 100 * p : 10 * p));
        }
      }
    }
    EvaluationInput in =
        new EvaluationInput(
            "camp",
            name,
            "2026-03-20T09:00:00.000Z",
            s,
            List.of(
                new GroupCount("control", true, 0.5, 1000, 1000),
                new GroupCount("treated", false, 0.5, 1000, 1000)),
            health,
            stats);
    return ResultAnalysis.result(in);
  }

  private static String text(String html) {
    return html.replaceAll("<[^>]+>", "");
  }

  @Test
  void healthSaysWhereTheSumsCameFromAndTheLastReconciliation() {
    Health stream =
        new Health(
            Health.SrmCheck.of(0.5),
            0,
            0,
            0,
            0,
            0,
            null,
            new Freshness(
                Freshness.STREAM, "2026-03-20T08:59:58.000Z", "2026-03-20T08:59:59.000Z", 850L),
            new Reconciliation("2026-03-19T00:00:00.000Z", 1, List.of("cell group treated")));
    String html = text(Report.render(result("Spring", "email", 1.1, stream), List.of()));
    assertTrue(
        html.contains(
            "Sums from the stream-fed aggregates, newest change 2026-03-20T08:59:58.000Z"),
        html);
    assertTrue(html.contains("folded 850 ms after it"), html);
    assertTrue(html.contains("(2026-03-19T00:00:00.000Z): 1 cell differed"), html);
    Health full =
        new Health(
            Health.SrmCheck.of(0.5),
            0,
            0,
            0,
            0,
            0,
            null,
            new Freshness(Freshness.ENROLMENTS, null, null, null),
            null);
    String fullHtml = text(Report.render(result("Spring", "email", 1.1, full), List.of()));
    assertTrue(fullHtml.contains("Sums from a full read of every enrolment"), fullHtml);
    assertFalse(fullHtml.contains("reconciliation"), fullHtml);
  }

  @Test
  void userStringsAreEscaped() {
    Result r = result("<script>alert(1)</script>", "\"><img src=x>", 0.5);
    String html = Report.render(r, List.of(Headline.of(r)));
    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("<img"));
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("&quot;&gt;&lt;img src=x&gt;"));
  }

  @Test
  void selfContained() {
    Result r = result("Spring", "email", 0.5);
    String html = Report.render(r, List.of(Headline.of(r), Headline.of(r)));
    assertFalse(html.contains("http://") || html.contains("https://"), "no external resources");
    assertFalse(html.contains("<link") || html.contains("src="));
    assertFalse(html.contains("<script"));
    assertTrue(html.contains("<svg"));
  }

  @Test
  void aSampleRatioMismatchIsABannerAboveTheHeadline() {
    Result r = result("Spring", "email", Srm.DEFAULT_THRESHOLD / 10);
    String html = Report.render(r, List.of(Headline.of(r)));
    assertTrue(html.contains("banner bad"), html);
    assertTrue(html.indexOf("Sample ratio mismatch") < html.indexOf("Headline lift"));
    assertTrue(text(html).contains("(p = 1.0e-04 &lt; 0.001)"), text(html));
    assertFalse(html.contains("Sample ratio check passed"));
  }

  @Test
  void aPassedSampleRatioCheckSaysSo() {
    Result r = result("Spring", "email", Srm.DEFAULT_THRESHOLD * 2);
    String html = Report.render(r, List.of(Headline.of(r)));
    assertTrue(text(html).contains("Sample ratio check passed (p = 0.002)."), text(html));
    assertFalse(html.contains("banner bad"));
    assertFalse(html.contains("Sample ratio mismatch"));
  }

  @Test
  void theHeadlineSaysWhetherTheLiftIsSignificant() {
    Result small = result("Spring", "email", 0.5, null, 1.1);
    assertTrue(
        text(Report.render(small, List.of()))
            .contains(
                "+10.0% repeat purchase rate (95% CI -9.2% to +29.2%), not significant — treated"),
        text(Report.render(small, List.of())));
    Result large = result("Spring", "email", 0.5, null, 2.0);
    String text = text(Report.render(large, List.of()));
    // Both ends of the interval above 0, and the verdict without qualification.
    assertTrue(
        Pattern.compile(
                "\\+100\\.0% repeat purchase rate \\(95% CI \\+[0-9.]+% to \\+[0-9.]+%\\),"
                    + " significant — treated")
            .matcher(text)
            .find(),
        text);
  }

  @Test
  void labelsAreTheMetricsOwn() {
    Result r = result("Spring", "email", 0.5);
    String html = Report.render(r, List.of(Headline.of(r)));
    for (Metric m : Metric.values()) {
      assertTrue(html.contains("<td>" + m.label() + "</td>"), m.label());
    }
    for (Metric m : Metric.HEADLINE) {
      assertTrue(
          html.contains("class=\"lbl\">" + m.label() + " · treated · 1 evaluation</text>"),
          m.label());
    }
  }

  @Test
  void healthSaysWhichAttributesHadValuesFoldedIntoOther() {
    SegmentValues folded =
        new SegmentValues(
            5,
            64,
            List.of(
                new SegmentValues.Attribute("ch", 1000, false, 5, 995, 4321),
                new SegmentValues.Attribute("tier", 3, true, 3, 0, 0)));
    Result r = result("Promo", "<b>web</b>", 0.5, folded, 1.1);
    String text = text(Report.render(r, List.of(Headline.of(r))));
    assertTrue(
        text.contains(
            "Segment attribute ch: more than 1000 distinct values; 5 have a segment of their own"
                + " (the first 5 in sort order, of at most 64 characters), more than 995 are"
                + " folded into (other) (4321 enrolments)."),
        text);
    assertFalse(text.contains("Segment attribute tier"), "nothing folded, nothing said");
  }

  @Test
  void coordinatesHaveOneDecimal() {
    assertEquals("12.3", Formats.coordinate(12.34));
    assertEquals("-0.5", Formats.coordinate(-0.45));
    assertEquals("0.0", Formats.coordinate(-0.04));
    assertEquals("100.0", Formats.coordinate(99.96));
  }
}
