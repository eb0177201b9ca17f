package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of gbstats-cases.json (published GrowthBook test figures) must be reproduced within
 * its own tolerance: |actual − expected| ≤ tolerance_abs + 1e-12. An unsupported function or
 * expected field fails.
 */
class GbstatsCasesTest {
  private static final double SLACK = 1e-12;

  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = GbstatsCasesTest.class.getResourceAsStream("/gbstats-cases.json")) {
      assertNotNull(in, "gbstats-cases.json must be on the test classpath");
      JsonNode root = new ObjectMapper().readTree(in);
      List<Arguments> out = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        out.add(Arguments.of(c.get("id").asText(), c));
      }
      assertEquals(43, out.size(), "case count");
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reproducesPublishedFigures(String id, JsonNode c) {
    Map<String, Object> actual = GbstatsCase.run(c.get("function").asText(), c.get("inputs"));
    double tol = c.get("tolerance_abs").asDouble() + SLACK;
    JsonNode expected = c.get("expected");
    for (Map.Entry<String, JsonNode> f : expected.properties()) {
      String key = f.getKey();
      if (!actual.containsKey(key)) {
        fail(id + ": expected field '" + key + "' is not produced by the engine");
      }
      check(id, key, f.getValue(), actual.get(key), tol, actual);
    }
  }

  private static void check(
      String id, String key, JsonNode exp, Object act, double tol, Map<String, Object> all) {
    if (key.equals("error")) {
      Reason reason = (Reason) act;
      if (exp.isNull()) {
        assertEquals(Reason.NONE, reason, id + ": no error expected");
      } else if (exp.asText().equals("ANY")) {
        assertTrue(reason.isDegenerate(), id + ": default output expected, got " + reason);
        assertDefaultOutput(id, all);
      } else {
        assertEquals(exp.asText(), reason.name(), id + ": error code");
      }
      return;
    }
    if (exp.isArray()) {
      double[] a = (double[]) act;
      double[] e = new double[exp.size()];
      for (int i = 0; i < e.length; i++) {
        e[i] = exp.get(i).asDouble();
      }
      assertArrayEquals(e, a, tol, id + ": " + key);
      return;
    }
    double a = (Double) act;
    double e = number(exp);
    if (Double.isInfinite(e)) {
      assertEquals(e, a, id + ": " + key);
    } else {
      assertTrue(
          Math.abs(a - e) <= tol,
          id + ": " + key + " expected " + e + " ± " + tol + " but was " + a);
    }
  }

  /** gbstats default output: estimate 0, CI (0,0), p = 1 (Bayesian: chance to win 0.5). */
  private static void assertDefaultOutput(String id, Map<String, Object> all) {
    String est = all.containsKey("estimate") ? "estimate" : "expected";
    assertEquals(0.0, (Double) all.get(est), id + ": default estimate");
    assertEquals(0.0, (Double) all.get("ci_lower"), id + ": default ci_lower");
    assertEquals(0.0, (Double) all.get("ci_upper"), id + ": default ci_upper");
    if (all.containsKey("p_value")) {
      assertEquals(1.0, (Double) all.get("p_value"), id + ": default p");
    } else {
      assertEquals(0.5, (Double) all.get("chance_to_win"), id + ": default chance to win");
    }
  }

  /** A number, or an infinite CI end spelled "Infinity" / "-Infinity" in the case file. */
  private static double number(JsonNode n) {
    if (!n.isTextual()) {
      return n.asDouble();
    }
    double v = Double.parseDouble(n.asText());
    if (!Double.isInfinite(v)) {
      throw new IllegalArgumentException("not a number: " + n);
    }
    return v;
  }
}
