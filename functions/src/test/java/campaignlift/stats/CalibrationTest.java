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

  private static int rejects(TestResult r) {
    return r.pValue() < ALPHA ? 1 : 0;
  }

  @Test
  void aaFalsePositiveRateIsNominal() {
    long seed = 11;
    SplittableRandom rnd = new SplittableRandom(seed);
    int fpMean = 0;
    int fpMeanAbs = 0;
    int fpProp = 0;
    for (int s = 0; s < SIMULATIONS; s++) {
      LiftResult r = campaign(MetricType.MEAN, 500, () -> revenue(rnd, 20), () -> revenue(rnd, 20));
      fpMean += rejects(r.relative());
      fpMeanAbs += rejects(r.absolute());
      LiftResult p =
          campaign(
              MetricType.PROPORTION, 1000, () -> conversion(rnd, 0.1), () -> conversion(rnd, 0.1));
      fpProp += rejects(p.relative());
    }
    record("A/A false-positive rate, mean metric (exponential, 500/arm), relative", fpMean);
    record("A/A false-positive rate, mean metric (exponential, 500/arm), absolute", fpMeanAbs);
    record("A/A false-positive rate, proportion (p = 0.10, 1000/arm), relative", fpProp);
    for (int fp : new int[] {fpMean, fpMeanAbs, fpProp}) {
      double rate = (double) fp / SIMULATIONS;
      assertTrue(rate >= 0.035 && rate <= 0.065, "FPR " + rate + seeded(seed));
    }
  }

  @Test
  void confidenceIntervalsCoverTheTrueLift() {
    long seed = 23;
    SplittableRandom rnd = new SplittableRandom(seed);
    double trueRelative = 0.05;
    int coveredRel = 0;
    int coveredAbs = 0;
    int coveredProp = 0;
    for (int s = 0; s < SIMULATIONS; s++) {
      LiftResult r =
          campaign(
              MetricType.MEAN,
              500,
              () -> revenue(rnd, 20),
              () -> revenue(rnd, 20 * (1 + trueRelative)));
      coveredRel += covers(r.relative(), trueRelative);
      coveredAbs += covers(r.absolute(), 20 * trueRelative);
      LiftResult p =
          campaign(
              MetricType.PROPORTION,
              1000,
              () -> conversion(rnd, 0.10),
              () -> conversion(rnd, 0.12));
      coveredProp += covers(p.relative(), 0.2);
    }
    record("95% CI coverage of true relative lift +5%, mean metric, relative", coveredRel);
    record("95% CI coverage of true absolute lift +1.0, mean metric, absolute", coveredAbs);
    record("95% CI coverage of true relative lift +20%, proportion, relative", coveredProp);
    for (int covered : new int[] {coveredRel, coveredAbs, coveredProp}) {
      double rate = (double) covered / SIMULATIONS;
      assertTrue(rate >= 0.935 && rate <= 0.965, "coverage " + rate + seeded(seed));
    }
  }

  private static int covers(TestResult r, double truth) {
    return r.ciLower() <= truth && truth <= r.ciUpper() ? 1 : 0;
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
        seq |= r.decision().pValue() < ALPHA;
        fix |= r.relative().pValue() < ALPHA;
      }
      seqRejected += seq ? 1 : 0;
      fixedRejected += fix ? 1 : 0;
    }
    record("A/A FPR with 10 looks (200/arm each), sequential (N* = 5000)", seqRejected);
    record("A/A FPR with 10 looks (200/arm each), fixed-horizon peeking", fixedRejected);
    assertTrue((double) seqRejected / SIMULATIONS <= 0.05, "sequential FPR" + seeded(seed));
    assertTrue((double) fixedRejected / SIMULATIONS > 0.05, "peeking FPR" + seeded(seed));
  }

  /** Names the simulation's seed in a failure message, so that a failure can be replayed. */
  private static String seeded(long seed) {
    return " (seed " + seed + ", " + SIMULATIONS + " simulations)";
  }

  private static void record(String what, int count) {
    String row =
        String.format(
            Locale.ROOT,
            "| %s | %.4f | %d/%d |",
            what,
            (double) count / SIMULATIONS,
            count,
            SIMULATIONS);
    System.out.println("calibration " + row);
    synchronized (ROWS) {
      ROWS.add(row);
    }
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
