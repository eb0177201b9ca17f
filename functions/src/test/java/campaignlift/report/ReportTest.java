package campaignlift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Correction;
import campaignlift.evaluation.Analysis;
import campaignlift.evaluation.EvaluationInput;
import campaignlift.evaluation.GroupCount;
import campaignlift.evaluation.Health;
import campaignlift.evaluation.Metric;
import campaignlift.evaluation.Segment;
import campaignlift.evaluation.SegmentValues;
import campaignlift.evaluation.Settings;
import campaignlift.evaluation.Statistic;
import campaignlift.evaluation.Summary;
import campaignlift.evaluation.Sums;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  static JsonNode result(String name, String value, double srmP) {
    return result(name, value, srmP, null);
  }

  static JsonNode result(String name, String value, double srmP, SegmentValues segmentValues) {
    Settings s =
        new Settings(0.05, true, true, Correction.BH, true, 14, 30, 5000, 100.0, List.of("ch"));
    List<Statistic> stats = new ArrayList<>();
    for (String g : List.of("control", "treated")) {
      double lift = g.equals("treated") ? 1.1 : 1.0;
      for (Segment seg : List.of(Segment.ALL, new Segment("ch", value))) {
        for (Metric m : Metric.values()) {
          double p = 0.3 * lift;
          stats.add(
              new Statistic(g, seg, m, new Sums(1000, 1000 * p, 1000 * p * 1.5, 280, 300, 200)));
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
            new Health(srmP, 1, 2, 3, 0, segmentValues),
            stats);
    return Analysis.result(in);
  }

  @Test
  void userStringsAreEscaped() {
    JsonNode r = result("<script>alert(1)</script>", "\"><img src=x>", 0.5);
    String html = Report.render(r, List.of(Summary.of(r)));
    assertFalse(html.contains("<script"), html);
    assertFalse(html.contains("<img"));
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(html.contains("&quot;&gt;&lt;img src=x&gt;"));
  }

  @Test
  void selfContainedWithHeadlineWordsAndSrmBanner() {
    JsonNode r = result("Spring", "email", 1e-6);
    String html = Report.render(r, List.of(Summary.of(r), Summary.of(r)));
    String text = html.replaceAll("<[^>]+>", "");
    assertTrue(text.contains("+10.0% repeat purchase rate (95% CI -9.2% to +29.2%), not"), text);
    assertTrue(html.contains("significant"));
    assertTrue(html.indexOf("Sample ratio mismatch") < html.indexOf("Headline lift"));
    assertTrue(html.contains("banner bad"));
    assertFalse(html.contains("http://") || html.contains("https://"), "no external resources");
    assertFalse(html.contains("<link") || html.contains("src="));
    assertTrue(html.contains("<svg"));
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
    JsonNode r = result("Promo", "<b>web</b>", 0.5, folded);
    String text = Report.render(r, List.of(Summary.of(r))).replaceAll("<[^>]+>", "");
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
    assertEquals("12.3", Report.f(12.34));
    assertEquals("-0.5", Report.f(-0.45));
    assertEquals("0.0", Report.f(-0.04));
    assertEquals("100.0", Report.f(99.96));
  }
}
