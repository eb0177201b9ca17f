package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./lift stats} against published gbstats figures (re-entered from gbstats-cases.json, each
 * named by its case id) and bad inputs.
 */
class StatsCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(String json) throws IOException {
    Path file = dir.resolve("in.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return runFile(file.toString());
  }

  private int runFile(String file) {
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    return StatsCommand.run(List.of(file), out, err);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private JsonNode output() throws IOException {
    return new ObjectMapper().readTree(outBytes.toString(StandardCharsets.UTF_8));
  }

  private static void near(double expected, JsonNode actual, double tol, String what) {
    assertTrue(actual.isNumber(), what + " is not a number: " + actual);
    assertTrue(
        Math.abs(actual.asDouble() - expected) <= tol + 1e-12,
        what + ": expected " + expected + " ± " + tol + " but was " + actual);
  }

  private static final String MEAN_C =
      "{\"n\": 3407, \"sum\": 1396.87, \"sumSquares\": 52377.9767}";
  private static final String MEAN_C3000 =
      "{\"n\": 3000, \"sum\": 1396.87, \"sumSquares\": 52377.9767}";
  private static final String MEAN_T = "{\"n\": 3461, \"sum\": 2422.7, \"sumSquares\": 134698.29}";

  @Test
  void reproducesPublishedFixedSequentialCupedAndBinomialFigures() throws IOException {
    String json =
        "{\"alpha\": 0.05, \"comparisons\": ["
            // freq_two_sided_relative (TestTwoSidedTTest.test_two_sided_ttest)
            + "{\"id\": \"fixed\", \"type\": \"mean\", \"relative\": true, \"sequential\": false,"
            + " \"control\": "
            + MEAN_C
            + ", \"treatment\": "
            + MEAN_T
            + "},"
            // seq_two_sided_relative_tuning1000 (TestSequentialTTest.test_sequential_test_runs)
            + "{\"id\": \"seq\", \"type\": \"mean\", \"relative\": true, \"sequential\": true,"
            + " \"tuning\": 1000, \"control\": "
            + MEAN_C3000
            + ", \"treatment\": "
            + MEAN_T
            + "},"
            // seq_two_sided_cuped_relative (TestSequentialTTest.test_sequential_test_runs_ra)
            + "{\"id\": \"cuped\", \"type\": \"mean\", \"relative\": true, \"sequential\": true,"
            + " \"tuning\": 5000, \"control\": {\"n\": 3000, \"sum\": 1396.87,"
            + " \"sumSquares\": 52377.9767, \"covariateSum\": 16.87,"
            + " \"covariateSumSquares\": 527.9767, \"crossSum\": 1},"
            + " \"treatment\": {\"n\": 3461, \"sum\": 2422.7, \"sumSquares\": 134698.29,"
            + " \"covariateSum\": 22.7, \"covariateSumSquares\": 1348.29, \"crossSum\": 1}},"
            // freq_two_sided_binomial_relative (TestTwoSidedTTest.test_two_sided_ttest_binom)
            + "{\"id\": \"binom\", \"type\": \"proportion\", \"relative\": true,"
            + " \"sequential\": false, \"control\": {\"n\": 28, \"sum\": 14, \"sumSquares\": 14},"
            + " \"treatment\": {\"n\": 30, \"sum\": 16, \"sumSquares\": 16}}"
            + "]}";
    assertEquals(0, run(json), err());
    JsonNode cs = output().get("comparisons");
    assertEquals(4, cs.size());

    JsonNode fixed = cs.get(0);
    assertEquals("fixed", fixed.get("id").asText());
    near(0.70732, fixed.get("estimate"), 5e-6, "fixed estimate");
    near(-0.03526, fixed.get("ciLower"), 5e-6, "fixed ciLower");
    near(1.44989, fixed.get("ciUpper"), 5e-6, "fixed ciUpper");
    near(0.37879, fixed.get("se"), 5e-6, "fixed se");
    near(0.06191, fixed.get("pValue"), 5e-6, "fixed p");
    assertTrue(fixed.get("df").asDouble() > 1, "Welch df");
    assertTrue(fixed.get("theta").isNull(), "no CUPED inputs -> theta null");

    JsonNode seq = cs.get(1);
    near(0.50336, seq.get("estimate"), 5e-6, "seq estimate");
    near(-0.55844, seq.get("ciLower"), 5e-6, "seq ciLower");
    near(1.56516, seq.get("ciUpper"), 5e-6, "seq ciUpper");
    near(0.33341, seq.get("se"), 5e-6, "seq se");
    near(1, seq.get("pValue"), 5e-6, "seq p");
    assertEquals("Infinity", seq.get("df").asText(), "sequential is normal-based");

    JsonNode cuped = cs.get(2);
    near(0.50338, cuped.get("estimate"), 5e-6, "cuped estimate");
    near(-0.50969, cuped.get("ciLower"), 5e-6, "cuped ciLower");
    near(1.51646, cuped.get("ciUpper"), 5e-6, "cuped ciUpper");
    near(0.33341, cuped.get("se"), 5e-6, "cuped se");
    near(1, cuped.get("pValue"), 5e-6, "cuped p");
    assertTrue(cuped.get("theta").isNumber() && cuped.get("theta").asDouble() != 0, "theta");

    JsonNode binom = cs.get(3);
    near(0.06667, binom.get("estimate"), 5e-6, "binom estimate");
    near(-0.47767, binom.get("ciLower"), 5e-6, "binom ciLower");
    near(0.61101, binom.get("ciUpper"), 5e-6, "binom ciUpper");
    near(0.2717, binom.get("se"), 5e-6, "binom se");
    near(0.80707, binom.get("pValue"), 5e-6, "binom p");
  }

  @Test
  void degenerateInputGivesDefaultOutput() throws IOException {
    String json =
        "{\"alpha\": 0.05, \"comparisons\": [{\"id\": \"empty\", \"type\": \"proportion\","
            + " \"relative\": true, \"sequential\": false,"
            + " \"control\": {\"n\": 0, \"sum\": 0, \"sumSquares\": 0},"
            + " \"treatment\": {\"n\": 0, \"sum\": 0, \"sumSquares\": 0}}]}";
    assertEquals(0, run(json), err());
    JsonNode c = output().get("comparisons").get(0);
    assertEquals(0.0, c.get("estimate").asDouble());
    assertEquals(0.0, c.get("ciLower").asDouble());
    assertEquals(0.0, c.get("ciUpper").asDouble());
    assertEquals(1.0, c.get("pValue").asDouble());
  }

  @Test
  void missingFileExitsTwo() {
    assertEquals(2, runFile(dir.resolve("nope.json").toString()));
    assertTrue(err().contains("no such file"), err());
  }

  @Test
  void wrongArgumentCountPrintsUsage() {
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    assertEquals(2, StatsCommand.run(List.of(), out, e));
    assertTrue(err().contains("usage"), err());
  }

  @Test
  void badJsonExitsTwo() throws IOException {
    assertEquals(2, run("{\"alpha\": 0.05, \"comparisons\": [ {"));
    assertTrue(err().contains("invalid JSON"), err());
    assertEquals(1, err().strip().lines().count(), "one line");
  }

  @Test
  void missingFieldNamesFieldAndIndex() throws IOException {
    String json =
        "{\"alpha\": 0.05, \"comparisons\": ["
            + "{\"id\": \"a\", \"type\": \"mean\", \"control\": "
            + MEAN_C
            + ", \"treatment\": "
            + MEAN_T
            + "},"
            + "{\"id\": \"b\", \"type\": \"mean\", \"control\": {\"sum\": 1, \"sumSquares\": 1},"
            + " \"treatment\": "
            + MEAN_T
            + "}]}";
    assertEquals(2, run(json));
    assertTrue(err().contains("comparisons[1]") && err().contains("control.n"), err());
    assertEquals(1, err().strip().lines().count(), "one line");
    assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void invalidFieldsAreRejected() throws IOException {
    String base = "\"control\": " + MEAN_C + ", \"treatment\": " + MEAN_T;
    assertEquals(
        2, run("{\"comparisons\": [{\"id\": \"a\", \"type\": \"median\", " + base + "}]}"));
    assertTrue(err().contains("comparisons[0]") && err().contains(".type"), err());
    errBytes.reset();
    assertEquals(
        2,
        run(
            "{\"alpha\": 1.5, \"comparisons\": [{\"id\": \"a\", \"type\": \"mean\", "
                + base
                + "}]}"));
    assertTrue(err().contains("alpha"), err());
    errBytes.reset();
    assertEquals(
        2,
        run(
            "{\"comparisons\": [{\"id\": \"a\", \"type\": \"mean\", \"tuning\": -1, "
                + base
                + "}]}"));
    assertTrue(err().contains("comparisons[0]") && err().contains("tuning"), err());
    errBytes.reset();
    String partialCuped =
        "{\"comparisons\": [{\"id\": \"a\", \"type\": \"mean\", \"control\": {\"n\": 10,"
            + " \"sum\": 1, \"sumSquares\": 1, \"covariateSum\": 2}, \"treatment\": "
            + MEAN_T
            + "}]}";
    assertEquals(2, run(partialCuped));
    assertTrue(err().contains("control.covariateSumSquares"), err());
    errBytes.reset();
    assertEquals(2, run("{\"alpha\": 0.05}"));
    assertTrue(err().contains("comparisons"), err());
  }
}
