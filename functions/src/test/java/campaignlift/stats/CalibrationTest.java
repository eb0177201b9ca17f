package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulations: per-user data is drawn, folded into sufficient statistics and run through
 * {@link LiftAnalysis}. The measured figures are printed and written to target/calibration.md. Each
 * test draws from one fixed seed, named in its failure messages.
 */
class CalibrationTest {
  private static final int SIMULATIONS = 2000;
  private static final double ALPHA = 0.05;
  private static final List<String> ROWS = new ArrayList<>();

  /** Exponential revenue-like per-user values with the given mean (skewed, like spend). */
  private static double revenue(SplittableRandom rnd, double mean) {
    return -mean * Math.log(1 - rnd.nextDouble());
  }

  private static double conversion(SplittableRandom rnd, double p) {
    return rnd.nextDouble() < p ? 1 : 0;
  }

  /** One simulated campaign with fresh arms, analysed fixed-horizon with the default settings. */
  private static LiftResult campaign(
      MetricType type, int usersPerArm, DoubleSupplier control, DoubleSupplier treatment) {
    SimulatedArm c = new SimulatedArm();
    SimulatedArm t = new SimulatedArm();
    SimulatedArm.fill(c, t, usersPerArm, control, treatment);
    return LiftAnalysis.compare(type, c.sums(), t.sums(), AnalysisSettings.DEFAULTS);
  }

  /** One simulation: a revenue campaign (500 users per arm) and a conversion one (1,000). */
  private record Simulation(LiftResult revenue, LiftResult conversion) {}

  /**
   * {@link #SIMULATIONS} simulations from {@code seed}: revenue of mean 20 in control and 20·(1 +
   * revenueLift) in treatment; conversion rates pControl and pTreatment.
   */
  private static List<Simulation> simulate(
      long seed, double revenueLift, double pControl, double pTreatment) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Simulation> out = new ArrayList<>();
    for (int s = 0; s < SIMULATIONS; s++) {
      LiftResult r =
          campaign(
              MetricType.MEAN,
              500,
              () -> revenue(rnd, 20),
              () -> revenue(rnd, 20 * (1 + revenueLift)));
      LiftResult p =
          campaign(
              MetricType.PROPORTION,
              1000,
              () -> conversion(rnd, pControl),
              () -> conversion(rnd, pTreatment));
      out.add(new Simulation(r, p));
    }
    return out;
  }

  private static boolean rejects(TestResult r) {
    return r.pValue() < ALPHA;
  }

  private static boolean covers(TestResult r, double truth) {
    return r.ciLower() <= truth && truth <= r.ciUpper();
  }

  /** Records the share of simulations where {@code event} holds and returns it. */
  private static double rate(String what, List<Simulation> sims, Predicate<Simulation> event) {
    return record(what, (int) sims.stream().filter(event).count());
  }

  @Test
  void aaFalsePositiveRateIsNominal() {
    long seed = 11;
    List<Simulation> sims = simulate(seed, 0, 0.1, 0.1);
    assertBetween(
        0.035,
        0.065,
        "FPR" + seeded(seed),
        rate(
            "A/A false-positive rate, mean metric (exponential, 500/arm), relative",
            sims,
            s -> rejects(s.revenue().relative())),
        rate(
            "A/A false-positive rate, mean metric (exponential, 500/arm), absolute",
            sims,
            s -> rejects(s.revenue().absolute())),
        rate(
            "A/A false-positive rate, proportion (p = 0.10, 1000/arm), relative",
            sims,
            s -> rejects(s.conversion().relative())));
  }

  @Test
  void confidenceIntervalsCoverTheTrueLift() {
    long seed = 23;
    List<Simulation> sims = simulate(seed, 0.05, 0.10, 0.12);
    assertBetween(
        0.935,
        0.965,
        "coverage" + seeded(seed),
        rate(
            "95% CI coverage of true relative lift +5%, mean metric, relative",
            sims, s -> covers(s.revenue().relative(), 0.05)),
        rate(
            "95% CI coverage of true absolute lift +1.0, mean metric, absolute",
            sims, s -> covers(s.revenue().absolute(), 20 * 0.05)),
        rate(
            "95% CI coverage of true relative lift +20%, proportion, relative",
            sims, s -> covers(s.conversion().relative(), 0.2)));
  }

  @Test
  void sequentialTestSurvivesPeekingWhileFixedHorizonDoesNot() {
    long seed = 37;
    SplittableRandom rnd = new SplittableRandom(seed);
    int looks = 10;
    int perLook = 200;
    AnalysisSettings settings = AnalysisSettings.DEFAULTS.withSequential(true);
    int seqRejected = 0;
    int fixedRejected = 0;
    for (int s = 0; s < SIMULATIONS; s++) {
      SimulatedArm c = new SimulatedArm();
      SimulatedArm t = new SimulatedArm();
      boolean seq = false;
      boolean fix = false;
      for (int look = 0; look < looks; look++) {
        SimulatedArm.fill(c, t, perLook, () -> revenue(rnd, 20), () -> revenue(rnd, 20));
        LiftResult r = LiftAnalysis.compare(MetricType.MEAN, c.sums(), t.sums(), settings);
        seq |= rejects(r.decision());
        fix |= rejects(r.relative());
      }
      seqRejected += seq ? 1 : 0;
      fixedRejected += fix ? 1 : 0;
    }
    double sequential =
        record("A/A FPR with 10 looks (200/arm each), sequential (N* = 5000)", seqRejected);
    double peeking =
        record("A/A FPR with 10 looks (200/arm each), fixed-horizon peeking", fixedRejected);
    assertTrue(sequential <= 0.05, "sequential FPR " + sequential + seeded(seed));
    assertTrue(peeking > 0.05, "peeking FPR " + peeking + seeded(seed));
  }

  private static void assertBetween(double low, double high, String what, double... rates) {
    for (double rate : rates) {
      assertTrue(rate >= low && rate <= high, what + ": " + rate);
    }
  }

  /** Names the simulation's seed in a failure message, so that a failure can be replayed. */
  private static String seeded(long seed) {
    return " (seed " + seed + ", " + SIMULATIONS + " simulations)";
  }

  /** Prints and keeps one row of target/calibration.md; returns the rate. */
  private static double record(String what, int count) {
    double rate = (double) count / SIMULATIONS;
    String row =
        String.format(Locale.ROOT, "| %s | %.4f | %d/%d |", what, rate, count, SIMULATIONS);
    System.out.println("calibration " + row);
    synchronized (ROWS) {
      ROWS.add(row);
    }
    return rate;
  }

  @AfterAll
  static void writeReport() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Calibration (seeded simulations, α = 0.05, two-sided)\n\n");
    md.append("| figure | rate | count |\n|---|---|---|\n");
    for (String row : ROWS) {
      md.append(row).append('\n');
    }
    Path out = Path.of("target", "calibration.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
  }
}
