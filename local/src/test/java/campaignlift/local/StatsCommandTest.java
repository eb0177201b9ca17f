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

  /** A comparison against gbstats' published figures, each to the 5 decimals published. */
  private static void published(
      JsonNode c, double estimate, double ciLower, double ciUpper, double se, double pValue) {
    String id = c.get("id").asText();
    near(estimate, c.get("estimate"), 5e-6, id + " estimate");
    near(ciLower, c.get("ciLower"), 5e-6, id + " ciLower");
    near(ciUpper, c.get("ciUpper"), 5e-6, id + " ciUpper");
    near(se, c.get("se"), 5e-6, id + " se");
    near(pValue, c.get("pValue"), 5e-6, id + " p");
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
    published(fixed, 0.70732, -0.03526, 1.44989, 0.37879, 0.06191);
    assertTrue(fixed.get("df").asDouble() > 1, "Welch df");
    assertTrue(fixed.get("theta").isNull(), "no CUPED inputs -> theta null");

    JsonNode seq = cs.get(1);
    published(seq, 0.50336, -0.55844, 1.56516, 0.33341, 1);
    assertEquals("Infinity", seq.get("df").asText(), "sequential is normal-based");

    JsonNode cuped = cs.get(2);
    published(cuped, 0.50338, -0.50969, 1.51646, 0.33341, 1);
    assertTrue(cuped.get("theta").isNumber() && cuped.get("theta").asDouble() != 0, "theta");

    JsonNode binom = cs.get(3);
    published(binom, 0.06667, -0.47767, 0.61101, 0.2717, 0.80707);
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
