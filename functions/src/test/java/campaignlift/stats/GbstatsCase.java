package campaignlift.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs one case of gbstats-cases.json through the engine and returns the actual figures under the
 * case file's field names. Values are Double, double[] or (for "error") the Reason.
 */
final class GbstatsCase {
  private static final Pattern SNAKE = Pattern.compile("([A-Z])");
  private static final Map<String, Alternative> ALTERNATIVES =
      Map.of(
          "two-sided", Alternative.TWO_SIDED,
          "greater", Alternative.GREATER,
          "less", Alternative.LESS);

  private GbstatsCase() {}

  static Map<String, Object> run(String function, JsonNode in) {
    switch (function) {
      case "ttest":
      case "sequential_ttest":
        return ttest(function.equals("sequential_ttest"), in);
      case "effect_moments":
        return effectMoments(in);
      case "bayesian":
        return bayesian(in);
      case "cuped_adjusted_stddev":
        return cupedStddev(in);
      case "cuped_theta":
        return Map.of(
            "theta",
            CupedTheta.pooled(
                (CupedStatistic) group(in.get("control")),
                (CupedStatistic) group(in.get("treatment"))));
      case "point_estimate":
        return pointEstimate(in);
      case "normal_risk":
        {
          NormalRisk r = NormalRisk.of(in.get("mu").asDouble(), in.get("sigma").asDouble());
          return Map.of("risk_control", r.control(), "risk_treatment", r.treatment());
        }
      case "srm":
        return Map.of(
            "p_value",
            Srm.pValue(
                doubles(in.get("users")),
                doubles(in.get("weights")),
                Srm.Variant.valueOf(in.get("variant").asText().toUpperCase(Locale.ROOT))));
      case "holm":
        return Map.of("adjusted", PValueCorrection.holm(doubles(in.get("p_values"))));
      case "benjamini_hochberg":
        return Map.of("adjusted", PValueCorrection.benjaminiHochberg(doubles(in.get("p_values"))));
      case "adjusted_ci":
        {
          Interval ci =
              PValueCorrection.adjustedCi(
                  in.get("p_adjusted").asDouble(),
                  in.get("lift").asDouble(),
                  in.get("alpha").asDouble());
          return Map.of("ci_lower", ci.lower(), "ci_upper", ci.upper());
        }
      default:
        throw new UnsupportedOperationException("unsupported function " + function);
    }
  }

  private static Map<String, Object> ttest(boolean sequential, JsonNode in) {
    GroupStatistic c0 = group(in.get("control"));
    GroupStatistic t0 = group(in.get("treatment"));
    Effect e = effect(c0, t0, in);
    Alternative alt = alternative(in.get("alternative").asText());
    double alpha = in.get("alpha").asDouble();
    TestResult r =
        sequential
            ? SequentialTTest.test(
                e, alt, alpha, in.path("tuning").asDouble(SequentialTTest.DEFAULT_TUNING))
            : WelchTTest.test(e, alt, alpha);
    Map<String, Object> out = figures(r);
    out.put("mean_control", c0.unadjustedMean());
    out.put("mean_treatment", t0.unadjustedMean());
    return out;
  }

  private static Map<String, Object> effectMoments(JsonNode in) {
    Effect e = effect(group(in.get("control")), group(in.get("treatment")), in);
    Map<String, Object> out = figures(e);
    out.put("estimate_sign", Math.signum(e.estimate()));
    return out;
  }

  private static Map<String, Object> bayesian(JsonNode in) {
    Effect e = effect(group(in.get("control")), group(in.get("treatment")), in);
    Prior prior =
        new Prior(
            in.get("prior_mean").asDouble(),
            in.get("prior_variance").asDouble(),
            in.get("prior_proper").asBoolean());
    BayesianResult r =
        BayesianTest.evaluate(e, prior, in.get("alpha").asDouble(), in.get("inverse").asBoolean());
    return figures(r);
  }

  private static Map<String, Object> cupedStddev(JsonNode in) {
    CupedStatistic c = (CupedStatistic) group(in.get("control"));
    CupedStatistic t = (CupedStatistic) group(in.get("treatment"));
    double theta = CupedTheta.pooled(c, t);
    return Map.of(
        "stddev_control", c.withTheta(theta).stddev(),
        "stddev_treatment", t.withTheta(theta).stddev(),
        "mean_control", c.unadjustedMean(),
        "mean_treatment", t.unadjustedMean());
  }

  private static Map<String, Object> pointEstimate(JsonNode in) {
    double mc = in.get("mean_control").asDouble();
    JsonNode unadjusted = in.get("mean_control_unadjusted");
    double muC = unadjusted == null || unadjusted.isNull() ? mc : unadjusted.asDouble();
    Scale scale = in.get("relative").asBoolean() ? Scale.RELATIVE : Scale.ABSOLUTE;
    return Map.of(
        "estimate",
        EffectMoments.pointEstimate(mc, in.get("mean_treatment").asDouble(), scale, muC));
  }

  /** Effect moments; θ fixed when the case gives one, else pooled with gbstats' fallback. */
  private static Effect effect(GroupStatistic c, GroupStatistic t, JsonNode in) {
    Scale scale = in.path("relative").asBoolean() ? Scale.RELATIVE : Scale.ABSOLUTE;
    JsonNode theta = in.get("theta");
    if (theta != null && !theta.isNull()) {
      double th = theta.asDouble();
      return EffectMoments.compute(withTheta(c, th), withTheta(t, th), scale);
    }
    CupedTheta.ThetaAdjusted adj = CupedTheta.adjust(c, t);
    return EffectMoments.compute(adj.control(), adj.treatment(), scale);
  }

  private static GroupStatistic withTheta(GroupStatistic s, double theta) {
    if (s instanceof CupedStatistic cs) {
      return cs.withTheta(theta);
    }
    if (s instanceof CupedRatioStatistic cr) {
      return cr.withTheta(theta);
    }
    throw new IllegalArgumentException("theta given for a non-CUPED statistic");
  }

  /** The case file's spelling of an alternative: two-sided, greater, less. */
  private static Alternative alternative(String s) {
    Alternative a = ALTERNATIVES.get(s);
    if (a == null) {
      throw new IllegalArgumentException("alternative " + s);
    }
    return a;
  }

  /**
   * A result record's components under the case file's names: camelCase becomes snake_case ({@code
   * ciLower} → {@code ci_lower}) and the {@link Reason} is the case's {@code error}.
   */
  private static Map<String, Object> figures(Record result) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : result.getClass().getRecordComponents()) {
      String name =
          c.getName().equals("reason") ? "error" : SNAKE.matcher(c.getName()).replaceAll("_$1");
      try {
        out.put(name.toLowerCase(Locale.ROOT), c.getAccessor().invoke(result));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(name, e);
      }
    }
    return out;
  }

  static GroupStatistic group(JsonNode g) {
    long n = g.get("n").asLong();
    switch (g.get("type").asText()) {
      case "mean":
        return new SampleMean(n, d(g, "sum"), d(g, "sum_squares"));
      case "binomial":
        return new Proportion(n, d(g, "sum"));
      case "ratio":
        return new RatioStatistic(
            new SampleMean(n, d(g, "m_sum"), d(g, "m_sum_squares")),
            new SampleMean(n, d(g, "d_sum"), d(g, "d_sum_squares")),
            d(g, "m_d_sum_products"));
      case "cuped":
        {
          boolean binomial = g.get("binomial").asBoolean();
          SumStatistic post =
              binomial
                  ? new Proportion(n, d(g, "post_sum"))
                  : new SampleMean(n, d(g, "post_sum"), d(g, "post_sum_squares"));
          SumStatistic pre =
              binomial
                  ? new Proportion(n, d(g, "pre_sum"))
                  : new SampleMean(n, d(g, "pre_sum"), d(g, "pre_sum_squares"));
          return new CupedStatistic(post, pre, d(g, "post_pre_sum_products"), 0);
        }
      case "cuped_ratio":
        return new CupedRatioStatistic(
            mean(g, n, "m_post"),
            mean(g, n, "d_post"),
            mean(g, n, "m_pre"),
            mean(g, n, "d_pre"),
            d(g, "m_post_m_pre_sum_products"),
            d(g, "d_post_d_pre_sum_products"),
            d(g, "m_pre_d_pre_sum_products"),
            d(g, "m_post_d_post_sum_products"),
            d(g, "m_post_d_pre_sum_products"),
            d(g, "m_pre_d_post_sum_products"),
            0);
      default:
        throw new UnsupportedOperationException("group type " + g.get("type"));
    }
  }

  private static SampleMean mean(JsonNode g, long n, String prefix) {
    return new SampleMean(n, d(g, prefix + "_sum"), d(g, prefix + "_sum_squares"));
  }

  private static double d(JsonNode g, String field) {
    JsonNode v = g.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("missing number " + field);
    }
    return v.asDouble();
  }

  private static double[] doubles(JsonNode arr) {
    double[] out = new double[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asDouble();
    }
    return out;
  }
}
