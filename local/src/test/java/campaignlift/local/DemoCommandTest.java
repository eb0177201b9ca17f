package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.evaluation.result.Metric;
import campaignlift.local.demo.Simulation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lift demo} at the size CI runs it ({@code --users 2000}, the default seed), end to end
 * on the embedded backends: what a user reads in its output. The true effects it prints come from
 * the simulation's potential outcomes, independent of the evaluation that computes the intervals.
 * {@link DemoCoverageTest} checks the default size and {@code --biased-response} in memory.
 */
class DemoCommandTest {
  private static final int USERS = 2000;

  private static String demo() throws Exception {
    List<String> args = List.of("--users", String.valueOf(USERS), "--port", "0");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        DemoCommand.run(
            Options.parse(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The table line of a metric: it starts with the metric's id and a space. */
  private static String line(String output, Metric metric) {
    return output
        .lines()
        .filter(l -> l.startsWith(metric.id() + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + metric.id() + " in:\n" + output));
  }

  @Test
  void everyMetricIncludingTheLoyaltyOnesCoversItsTrueEffectAndSurveysAreComparable()
      throws Exception {
    String output = demo();
    List<Metric> all = new ArrayList<>(Simulation.METRICS);
    all.addAll(Simulation.LOYALTY_METRICS);
    for (Metric metric : all) {
      String l = line(output, metric);
      assertTrue(
          l.contains("  covered") && !l.contains("NOT covered"),
          metric.id() + "'s true effect is not covered: " + l);
    }
    assertTrue(line(output, Metric.NPS).contains(" pts"), "NPS is reported in points");
    assertTrue(
        line(output, Metric.TIME_TO_REPEAT_PURCHASE).matches(".* d .*log-rank p = [0-9.]+$"),
        "time to repeat purchase is in days with its log-rank p");
    // At this size the control arm has few repeat purchasers, and the demo says what that costs.
    assertTrue(
        output.lines().anyMatch(l -> l.startsWith("note: only ") && l.contains("less often")),
        output);
    for (String survey : List.of("nps", "csat")) {
      assertTrue(
          output
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith("survey response check: " + survey + " ")
                          && l.endsWith(": comparable")),
          survey + " response rates should be balanced by default:\n" + output);
    }
    assertTrue(!output.contains("NOT COMPARABLE"), output);
    String quadrants =
        output.lines().filter(l -> l.startsWith("loyalty quadrants")).findFirst().orElseThrow();
    for (String q : List.of(" loyal ", " latent ", " spurious ", " not-loyal ", " unknown ")) {
      assertTrue(quadrants.contains(q), "quadrant" + q + "missing: " + quadrants);
    }
  }
}
