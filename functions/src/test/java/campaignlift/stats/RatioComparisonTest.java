package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link LiftAnalysis#compareRatio} through the public API (docs/statistics.md §11): the published
 * gbstats ratio cases of gbstats-cases.json (relative scale, as upstream publishes them), and the
 * absolute scale (the only one NPS reports) against scipy's Welch test on raw per-user data.
 */
class RatioComparisonTest {
  private static final double SLACK = 1e-12;
  private static final AnalysisSettings FIXED =
      new AnalysisSettings(
          0.05, false, SequentialTTest.DEFAULT_TUNING, true, Alternative.TWO_SIDED);

  private static JsonNode gbstatsCase(String id) throws IOException {
    try (InputStream in = RatioComparisonTest.class.getResourceAsStream("/gbstats-cases.json")) {
      assertNotNull(in, "gbstats-cases.json must be on the test classpath");
      for (JsonNode c : new ObjectMapper().readTree(in).get("cases")) {
        if (c.get("id").asText().equals(id)) {
          return c;
        }
      }
    }
    throw new IllegalArgumentException("no case " + id);
  }

  private static double d(JsonNode g, String f) {
    return g.get(f).asDouble();
  }

  /** A case group of type "ratio" or "cuped_ratio" as public {@link RatioSums}. */
  private static RatioSums sums(JsonNode g) {
    long n = g.get("n").asLong();
    if (g.get("type").asText().equals("ratio")) {
      return new RatioSums(
          n,
          d(g, "m_sum"),
          d(g, "m_sum_squares"),
          d(g, "d_sum"),
          d(g, "d_sum_squares"),
          d(g, "m_d_sum_products"),
          null);
    }
    return new RatioSums(
        n,
        d(g, "m_post_sum"),
        d(g, "m_post_sum_squares"),
        d(g, "d_post_sum"),
        d(g, "d_post_sum_squares"),
        d(g, "m_post_d_post_sum_products"),
        new RatioCovariateSums(
            d(g, "m_pre_sum"),
            d(g, "m_pre_sum_squares"),
            d(g, "d_pre_sum"),
            d(g, "d_pre_sum_squares"),
            d(g, "m_pre_d_pre_sum_products"),
            d(g, "m_post_m_pre_sum_products"),
            d(g, "d_post_d_pre_sum_products"),
            d(g, "m_post_d_pre_sum_products"),
            d(g, "m_pre_d_post_sum_products")));
  }

  private static LiftResult run(JsonNode c) {
    JsonNode in = c.get("inputs");
    return LiftAnalysis.compareRatio(sums(in.get("control")), sums(in.get("treatment")), FIXED);
  }

  private static void near(JsonNode c, String field, double actual) {
    double tol = c.get("tolerance_abs").asDouble() + SLACK;
    double expected = c.get("expected").get(field).asDouble();
    assertTrue(
        Math.abs(actual - expected) <= tol,
        c.get("id").asText() + " " + field + ": expected " + expected + " but was " + actual);
  }

  @Test
  void reproducesTheGbstatsRatioCase() throws IOException {
    // gbstats test_get_metric_dfs_frequentist_ratio: control n 100, treatment n 120.
    JsonNode c = gbstatsCase("gb_freq_ratio_relative");
    LiftResult r = run(c);
    near(c, "estimate", r.relative().estimate());
    near(c, "p_value", r.relative().pValue());
    near(c, "mean_control", r.control().mean());
    near(c, "mean_treatment", r.treatment().mean());
    assertEquals(Reason.NONE, r.relative().reason());
    assertFalse(r.cuped().applied(), "no covariate sums: plain ratio");
  }

  @Test
  void reproducesTheGbstatsCupedRatioCaseWithPooledTheta() throws IOException {
    // gbstats test_two_sided_ttest_test_runs_ratio_ra: θ estimated from both arms, as here.
    JsonNode c = gbstatsCase("freq_two_sided_cuped_ratio_relative");
    LiftResult r = run(c);
    assertTrue(r.cuped().applied(), "CUPED ratio applied");
    near(c, "estimate", r.relative().estimate());
    near(c, "se", r.relative().se());
    near(c, "ci_lower", r.relative().ciLower());
    near(c, "ci_upper", r.relative().ciUpper());
    near(c, "p_value", r.relative().pValue());
  }

  @Test
  void cupedOffGivesThePlainRatioOfTheSameSums() throws IOException {
    JsonNode c = gbstatsCase("freq_two_sided_cuped_ratio_relative");
    JsonNode in = c.get("inputs");
    LiftResult off =
        LiftAnalysis.compareRatio(
            sums(in.get("control")), sums(in.get("treatment")), FIXED.withCuped(false));
    assertFalse(off.cuped().applied());
    // The plain ratio means of the case's post-period sums.
    assertEquals(485.112236689623 / 679.9093275844917, off.control().mean(), 1e-15);
    assertEquals(514.7757826608777 / 705.4090874383759, off.treatment().mean(), 1e-15);
  }

  @Test
  void zeroControlDenominatorGivesTheDefaultOutput() throws IOException {
    // gbstats test_get_metric_dfs_ratio_zero_denom (frequentist and Bayesian).
    JsonNode c = gbstatsCase("gb_freq_ratio_zero_denominator");
    LiftResult r = run(c);
    assertTrue(r.relative().isDegenerate(), "default output expected");
    assertEquals(0.0, r.relative().estimate());
    assertEquals(1.0, r.relative().pValue());
    assertTrue(r.absolute().isDegenerate(), "absolute too (docs/statistics.md §10.10)");
    near(c, "mean_control", r.control().mean());
    near(c, "mean_treatment", r.treatment().mean());
    assertEquals(0.5, r.chanceToWin(), "gb_bayes_ratio_zero_denominator chance to win");
  }

  /** Folds per-user numerators m and denominators d (and pre-period values) into sums. */
  private static RatioSums fold(double[] m, double[] d, double[] mPre, double[] dPre) {
    double[] s = new double[14];
    for (int i = 0; i < m.length; i++) {
      s[0] += m[i];
      s[1] += m[i] * m[i];
      s[2] += d[i];
      s[3] += d[i] * d[i];
      s[4] += m[i] * d[i];
      if (mPre != null) {
        s[5] += mPre[i];
        s[6] += mPre[i] * mPre[i];
        s[7] += dPre[i];
        s[8] += dPre[i] * dPre[i];
        s[9] += mPre[i] * dPre[i];
        s[10] += m[i] * mPre[i];
        s[11] += d[i] * dPre[i];
        s[12] += m[i] * dPre[i];
        s[13] += mPre[i] * d[i];
      }
    }
    RatioCovariateSums pre =
        mPre == null
            ? null
            : new RatioCovariateSums(s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13]);
    return new RatioSums(m.length, s[0], s[1], s[2], s[3], s[4], pre);
  }

  /**
   * NPS in points: each user's numerator is +100 (promoter), 0 (passive) or −100 (detractor) when
   * they answered and 0 otherwise; the denominator is 1 if they answered. n counts every user.
   * Expected figures from scipy 1.17 on the same arrays: the Welch test of the linearised per-user
   * values R + (m − R·d)/d̄, whose mean is R and whose sample variance is the delta-method variance
   * (docs/statistics.md §11):
   *
   * <pre>
   * def lin(m, d): r = m.sum() / d.sum(); return r + (m - r * d) / d.mean()
   * res = scipy.stats.ttest_ind(lin(mt, dt), lin(mc, dc), equal_var=False)
   * ci = res.confidence_interval(0.95)
   * # estimate 28.333333333333336, se = estimate / res.statistic = 31.034508569909885,
   * # ci (-34.56924028766312, 91.23590695432978), p 0.36723044678555566, df 36.64299463377246
   * </pre>
   */
  @Test
  void npsAbsoluteLiftInPointsMatchesScipyWelchOnPerUserAnswers() {
    double[] mc = {100, 0, -100, 0, 100, 100, 0, 0, -100, 100, 0, 0, 100, 0, 0, -100, 0, 100, 0, 0};
    double[] dc = {1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0};
    double[] mt = {
      100, 100, 0, 0, 100, 100, 100, 0, -100, 100, 0, 100, 0, 0, 100, 0, 0, 100, -100, 0, 0, 100
    };
    double[] dt = {1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1};
    LiftResult r =
        LiftAnalysis.compareRatio(fold(mc, dc, null, null), fold(mt, dt, null, null), FIXED);
    TestResult a = r.absolute();
    assertEquals(20, r.control().n(), "non-answering users count in n");
    assertEquals(28.333333333333336, a.estimate(), 1e-9);
    assertEquals(31.034508569909885, a.se(), 1e-9);
    assertEquals(-34.56924028766312, a.ciLower(), 1e-8);
    assertEquals(91.23590695432978, a.ciUpper(), 1e-8);
    assertEquals(0.36723044678555566, a.pValue(), 1e-10);
    assertEquals(36.64299463377246, a.df(), 1e-8);
  }

  /**
   * Order value (revenue over purchases) with its pre-period as CUPED covariate, absolute scale.
   * Expected figures from numpy 2.4 / scipy 1.17 on the same arrays, by a route apart from the
   * engine's sums and 4×4 matrix: per-user linearised ratios, θ = Σ_arms cov(lin_post, lin_pre) /
   * Σ_arms var(lin_pre) (gbstats compute_theta_regression_adjusted_ratio), and Welch's test of the
   * adjusted per-user values:
   *
   * <pre>
   * def lin(m, d): return (m - m.sum() / d.sum() * d) / d.mean()
   * lc, lt = (lin(m, d), lin(mp, dp)) for control C and treatment T
   * cov = lambda x, y: np.cov(x, y, ddof=1)[0, 1]
   * theta = (cov(*lc) + cov(*lt)) / (np.var(lc[1], ddof=1) + np.var(lt[1], ddof=1))
   * mean = m.sum()/d.sum() - theta * mp.sum()/dp.sum();  x = mean + l[0] - theta * l[1]
   * r = scipy.stats.ttest_ind(xt, xc, equal_var=False); ci = r.confidence_interval(0.95)
   * # theta 0.29341275607371675, estimate -11.270809946589136, se 6.298346863849839,
   * # ci (-24.355785744914037, 1.814165851735753), p 0.0877313646913611, df 21.352491968805225
   * </pre>
   */
  @Test
  void cupedOrderValueAbsoluteLiftMatchesScipyOnLinearisedPerUserValues() {
    RatioSums c =
        fold(
            new double[] {
              118.49, 0, 26.68, 0, 0, 129.27, 281.65, 0, 91.12, 155.12, 94.91, 84.77, 109.4, 82.53,
              0
            },
            new double[] {3, 0, 1, 0, 0, 5, 7, 0, 1, 2, 3, 1, 2, 1, 0},
            new double[] {
              120.42, 0, 47.0, 0, 0, 25.15, 113.61, 9.93, 34.38, 57.26, 35.04, 162.08, 68.57, 58.73,
              0
            },
            new double[] {3, 0, 1, 0, 0, 2, 4, 1, 1, 2, 1, 4, 1, 2, 0});
    RatioSums t =
        fold(
            new double[] {
              30.67, 0, 0, 0, 39.84, 0, 37.81, 157.73, 72.13, 111.79, 61.29, 42.72, 0, 34.4, 0,
              132.02, 0
            },
            new double[] {1, 0, 0, 0, 1, 0, 2, 4, 3, 4, 2, 1, 0, 1, 0, 3, 0},
            new double[] {
              13.8, 0, 0, 0, 54.15, 5.68, 0, 33.49, 14.54, 115.85, 24.18, 94.97, 0, 0, 0, 113.92, 0
            },
            new double[] {1, 0, 0, 0, 2, 1, 0, 2, 1, 3, 2, 2, 0, 0, 0, 2, 0});
    LiftResult r = LiftAnalysis.compareRatio(c, t, FIXED);
    assertTrue(r.cuped().applied());
    assertEquals(0.29341275607371675, r.cuped().theta(), 1e-10);
    TestResult a = r.absolute();
    assertEquals(-11.270809946589136, a.estimate(), 1e-9);
    assertEquals(6.298346863849839, a.se(), 1e-9);
    assertEquals(-24.355785744914037, a.ciLower(), 1e-8);
    assertEquals(1.814165851735753, a.ciUpper(), 1e-8);
    assertEquals(0.0877313646913611, a.pValue(), 1e-10);
    assertEquals(21.352491968805225, a.df(), 1e-8);
  }
}
