package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Correction;
import campaignlift.evaluation.CellSums;
import campaignlift.evaluation.EvaluationInput;
import campaignlift.evaluation.RatioCellSums;
import campaignlift.evaluation.ResultAnalysis;
import campaignlift.evaluation.Statistic;
import campaignlift.evaluation.SurvivalCounts;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.Segment;
import campaignlift.report.Report;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opens a rendered report in headless Chromium: the page must load from a file with no network,
 * show the headline sentences, NPS in points and the Kaplan–Meier chart, keep an injected {@code
 * <script>} in the campaign name inert, and produce a readable screenshot ({@code
 * local/target/report-screenshot.png}). Skipped with the reason printed when Chromium is absent and
 * cannot be installed.
 */
class ReportBrowserTest {
  static final String NAME = "Spring <script>document.title='pwned'</script> promo";
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void reportRendersInHeadlessChromium() throws Exception {
    assumeChromium();
    Path dir = Files.createTempDirectory("report-browser");
    List<Headline> history = new ArrayList<>();
    Result result = null;
    for (int day = 1; day <= 6; day++) {
      result = result(day);
      history.add(Headline.of(result));
    }
    String html = Report.render(result, history);
    Path page = dir.resolve("report.html");
    Files.writeString(page, html);
    String dom = chromium(dir, "--dump-dom", page.toUri().toString());
    assertTrue(dom.contains("<svg"), "the inline SVG charts are in the DOM");
    String text = dom.replaceAll("<[^>]+>", "").replace("&amp;", "&");
    JsonNode rpr = row(ResultJson.tree(result), "repeatPurchaseRate");
    String expected =
        String.format(
                Locale.ROOT, "%+.1f%%", rpr.path("relative").path("estimate").asDouble() * 100)
            + " repeat purchase rate (95% CI "
            + String.format(
                Locale.ROOT, "%+.1f%%", rpr.path("sequential").path("ciLower").asDouble() * 100)
            + " to "
            + String.format(
                Locale.ROOT, "%+.1f%%", rpr.path("sequential").path("ciUpper").asDouble() * 100)
            + "), significant";
    assertTrue(text.contains(expected), "headline \"" + expected + "\" in:\n" + text);
    assertTrue(text.contains("new users"));
    assertTrue(text.contains("activity"));
    // NPS in points, from the row's own figures.
    JsonNode nps = row(ResultJson.tree(result), "nps");
    String npsText =
        String.format(
            Locale.ROOT,
            "NPS %.1f → %.1f, %+.1f points",
            nps.path("control").path("mean").asDouble(),
            nps.path("treatment").path("mean").asDouble(),
            nps.path("sequential").path("estimate").asDouble());
    assertTrue(text.contains(npsText), npsText + " in:\n" + text);
    // The Kaplan–Meier chart of time to repeat purchase: one step line per arm.
    int km = dom.indexOf("class=\"km\"");
    assertTrue(km > 0, "the Kaplan–Meier chart is in the DOM");
    String figure = dom.substring(km, dom.indexOf("</figure>", km));
    assertEquals(2, figure.split("<path ", -1).length - 1, "one curve per arm");
    assertFalse(dom.contains("<title>pwned"), "the script in the name did not run");
    assertTrue(dom.contains("Spring &lt;script&gt;"), "the name shows as text");
    Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.deleteIfExists(png);
    chromium(dir, "--screenshot=" + png, "--window-size=1200,2000", page.toUri().toString());
    assertTrue(Files.size(png) > 10_000, "a screenshot was written: " + png);
    System.out.println("report screenshot: " + png);
  }

  private static JsonNode row(JsonNode result, String metric) {
    for (JsonNode r : result.path("results")) {
      if (r.path("metric").asText().equals(metric)
          && r.path("segment").path("attribute").asText().equals("all")) {
        return r;
      }
    }
    throw new AssertionError("no row " + metric);
  }

  /** A day-{@code day} result with effects that sharpen as users accumulate. */
  static Result result(int day) {
    EvaluationSettings s =
        new EvaluationSettings(
            0.05, true, true, Correction.BH, true, 14, 30, 5000, 2500.0, List.of("channel"));
    long n = 800L * day;
    List<Statistic> stats = new ArrayList<>();
    for (String g : List.of("control", "coupon")) {
      boolean t = g.equals("coupon");
      for (Segment seg :
          List.of(
              Segment.ALL,
              Segment.NEW_USERS,
              Segment.EXISTING_USERS,
              new Segment("channel", "email"),
              new Segment("channel", "<b>push</b>"))) {
        long k = seg.equals(Segment.ALL) ? n : n / 2;
        for (Metric m : Metric.values()) {
          stats.add(
              switch (m.kind()) {
                case MEAN, PROPORTION -> perUser(g, seg, m, k, t);
                case RATIO -> ratio(g, seg, m, k, t);
                case SURVIVAL -> repeatDays(g, seg, m, k, t);
              });
        }
      }
    }
    EvaluationInput in =
        new EvaluationInput(
            "spring-promo",
            NAME,
            String.format(Locale.ROOT, "2026-03-%02dT09:00:00.000Z", 10 + day),
            s,
            List.of(
                new GroupCount("control", true, 0.5, n + 3, n),
                new GroupCount("coupon", false, 0.5, n + 2, n)),
            new Health(0.41, 5, 12, 40, 0),
            stats);
    return ResultAnalysis.result(in);
  }

  /** A mean or share per user, 6% higher in the treated arm (22% for repeat purchase rate). */
  private static Statistic perUser(String g, Segment seg, Metric m, long k, boolean t) {
    boolean share = m.kind() == Metric.Kind.PROPORTION;
    double base = share ? 0.25 : 1.6;
    double lift =
        t ? (m == Metric.REPEAT_PURCHASE_RATE ? 1.22 : m == Metric.NEW_USERS ? 1.15 : 1.06) : 1;
    double mean = base * lift;
    double sum = mean * k;
    double sumSq = share ? sum : (mean * mean + 2.0) * k;
    return new Statistic(
        g, seg, m, new CellSums(k, sum, sumSq, base * k, sumSq * 0.9, sum * base * 1.2));
  }

  /**
   * A ratio metric: 30% of the users answer (or buy once); per answer NPS 20 points (26 treated),
   * CSAT 3.8 (4.0), a top-2 share of 60% (66%), an order value of 40 (42).
   */
  private static Statistic ratio(String g, Segment seg, Metric m, long k, boolean t) {
    double answered = Math.floor(k * 0.3);
    double mean;
    double meanSq;
    switch (m) {
      case NPS -> {
        mean = t ? 26 : 20;
        meanSq = 5000;
      }
      case CSAT -> {
        mean = t ? 4.0 : 3.8;
        meanSq = mean * mean + 1;
      }
      case CSAT_TOP2 -> {
        mean = t ? 0.66 : 0.6;
        meanSq = mean;
      }
      default -> {
        mean = t ? 42 : 40;
        meanSq = mean * mean + 400;
      }
    }
    double num = mean * answered;
    return Statistic.ratio(
        g, seg, m, new RatioCellSums(k, num, meanSq * answered, answered, answered, num, null));
  }

  /** Days to repeat purchase over 14 days: 35% repeat evenly over the days (45% treated). */
  private static Statistic repeatDays(String g, Segment seg, Metric m, long k, boolean t) {
    int horizon = 14;
    long[] events = new long[horizon + 1];
    long[] censored = new long[horizon + 1];
    long perDay = Math.round(k * (t ? 0.45 : 0.35) / horizon);
    for (int day = 1; day <= horizon; day++) {
      events[day] = perDay;
    }
    censored[horizon] = k - perDay * horizon;
    return Statistic.survival(g, seg, m, new SurvivalCounts(horizon, events, censored));
  }

  private static String chromium(Path dir, String... args) throws Exception {
    Path profile = Files.createTempDirectory(dir, "profile");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    File out = dir.resolve("stdout.txt").toFile();
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out)
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 60 s");
    }
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr.txt")));
    return Files.readString(out.toPath(), StandardCharsets.UTF_8);
  }

  /** Installs Debian's chromium once when running as root; otherwise skips with the reason. */
  private static synchronized void assumeChromium() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    String reason = "report browser check skipped: /usr/bin/chromium is missing";
    if ("root".equals(System.getProperty("user.name"))) {
      try {
        Process p =
            new ProcessBuilder("apt-get", "install", "-y", "chromium")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (Exception e) {
        reason += " and apt-get install failed: " + e.getMessage();
      }
      if (Files.isExecutable(CHROMIUM)) {
        return;
      }
      reason += " and `apt-get install -y chromium` did not provide it";
    } else {
      reason += " and this user cannot install it (not root)";
    }
    System.out.println(reason);
    Assumptions.abort(reason);
  }
}
