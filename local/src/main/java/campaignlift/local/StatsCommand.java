package campaignlift.local;

import campaignlift.evaluation.EvaluationInput;
import campaignlift.evaluation.Snapshot;
import campaignlift.evaluation.Statistic;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Segment;
import campaignlift.stats.Alternative;
import campaignlift.stats.AnalysisSettings;
import campaignlift.stats.CovariateSums;
import campaignlift.stats.DailySurvival;
import campaignlift.stats.GroupSums;
import campaignlift.stats.LiftAnalysis;
import campaignlift.stats.LiftResult;
import campaignlift.stats.MetricType;
import campaignlift.stats.RatioSums;
import campaignlift.stats.SequentialTTest;
import campaignlift.stats.SurvivalAnalysis;
import campaignlift.stats.TestResult;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./lift stats FILE.json}: runs the statistics engine on sufficient statistics
 * (docs/statistics.md).
 *
 * <p>Input {@code {"alpha": 0.05, "comparisons": [{"id", "type": "mean"|"proportion", "relative",
 * "sequential", "tuning", "control": G, "treatment": G}]}} with {@code G = {"n", "sum",
 * "sumSquares"}} plus optional CUPED {@code "covariateSum", "covariateSumSquares", "crossSum"}.
 * Output {@code {"comparisons": [{"id", "estimate", "se", "ciLower", "ciUpper", "pValue", "df",
 * "theta"}]}} (two-sided; relative/absolute and sequential/fixed per comparison; theta null without
 * CUPED inputs; infinite values as the strings "Infinity"/"-Infinity"; df of a sequential result is
 * "Infinity" because it is normal-based). Exit 0 on success, 2 on bad input with a one-line message
 * naming the field and comparison index.
 *
 * <p>A stored result snapshot is accepted too (see {@link SnapshotInput}): its digest is checked
 * and its rows are recomputed from the sufficient statistics it holds.
 */
public final class StatsCommand {
  static final String USAGE = "usage: lift stats FILE.json|SNAPSHOT.json";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatsCommand() {}

  /** Bad input: the message is printed as one line and the command exits with 2. */
  static final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    InputException(String message) {
      super(message);
    }
  }

  /**
   * One parsed comparison of the input: a mean or proportion one on {@code control}/{@code
   * treatment}, or, from a snapshot only, a ratio one on {@code ratioControl}/{@code
   * ratioTreatment} (gbstats' ratio statistic) or a time-to-event one on {@code
   * survivalControl}/{@code survivalTreatment} (the restricted-mean difference); the other pairs
   * are null.
   */
  record Comparison(
      String id,
      MetricType type,
      boolean relative,
      boolean sequential,
      double tuning,
      GroupSums control,
      GroupSums treatment,
      RatioSums ratioControl,
      RatioSums ratioTreatment,
      DailySurvival survivalControl,
      DailySurvival survivalTreatment) {

    /** A mean or proportion comparison. */
    Comparison(
        String id,
        MetricType type,
        boolean relative,
        boolean sequential,
        double tuning,
        GroupSums control,
        GroupSums treatment) {
      this(id, type, relative, sequential, tuning, control, treatment, null, null, null, null);
    }
  }

  /** A parsed input file: alpha and its comparisons. */
  record Input(double alpha, List<Comparison> comparisons) {}

  /** Runs the command; returns the exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() != 1) {
      err.println(USAGE);
      return 2;
    }
    String file = args.get(0);
    try {
      Input input = parse(read(file));
      out.println(MAPPER.writeValueAsString(render(input)));
      return 0;
    } catch (InputException e) {
      err.println("lift stats: " + file + ": " + e.getMessage());
      return 2;
    } catch (JsonProcessingException e) {
      err.println("lift stats: cannot write output: " + e.getOriginalMessage());
      return 2;
    }
  }

  private static JsonNode read(String file) throws InputException {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new InputException("no such file");
    }
    try {
      JsonNode root = MAPPER.readTree(path.toFile());
      if (root == null || root.isMissingNode()) {
        throw new InputException("empty file");
      }
      return root;
    } catch (JsonProcessingException e) {
      String msg = e.getOriginalMessage().replaceAll("\\s+", " ");
      throw new InputException("invalid JSON at line " + e.getLocation().getLineNr() + ": " + msg);
    } catch (IOException e) {
      throw new InputException("cannot read file: " + e.getMessage());
    }
  }

  /**
   * Parses the input document. Extension point: stored result snapshots (docs/results.md) are to be
   * recognised here by their shape and converted into the same {@link Input}; nothing else changes.
   */
  static Input parse(JsonNode root) throws InputException {
    if (!root.isObject()) {
      throw new InputException("top level must be a JSON object");
    }
    if (Snapshot.isSnapshot(root)) {
      return SnapshotInput.parse(root);
    }
    return ComparisonsInput.parse(root);
  }

  /**
   * A stored result snapshot (docs/results.md, {@code snapshots/{campaignId}/{evaluatedAt}.json}):
   * its digest is verified, then every result row becomes three comparisons, {@code
   * metric|attribute=value|group|absolute} (fixed horizon), {@code ...|relative} (fixed horizon)
   * and {@code ...|sequential} (relative, always-valid), which reproduce the row's {@code
   * absolute}, {@code relative} and {@code sequential} figures exactly. CUPED sums are passed only
   * when the campaign had CUPED on and the metric has a covariate.
   *
   * <p>Ratio metrics (docs/statistics.md) are compared with gbstats' ratio statistic; a metric
   * reported only as an absolute difference ({@code nps}) has no {@code |relative} comparison and
   * its {@code |sequential} one is absolute. Time to repeat purchase gives one comparison, {@code
   * ...|absolute}: the restricted-mean difference in days, the row's {@code absolute} figures.
   */
  static final class SnapshotInput {
    private SnapshotInput() {}

    static Input parse(JsonNode root) throws InputException {
      EvaluationInput in;
      try {
        in = Snapshot.parse(root);
      } catch (IllegalArgumentException e) {
        throw new InputException("snapshot: " + e.getMessage());
      }
      EvaluationSettings s = in.settings();
      Map<String, Statistic> cells = new HashMap<>();
      for (Statistic st : in.statistics()) {
        cells.put(cellKey(st.group(), st.segment(), st.metric()), st);
      }
      String control = in.control().name();
      List<Segment> segments = new ArrayList<>();
      for (Statistic st : in.statistics()) {
        if (!segments.contains(st.segment())) {
          segments.add(st.segment());
        }
      }
      List<Comparison> out = new ArrayList<>();
      for (Metric metric : Metric.values()) {
        for (Segment segment : segments) {
          Statistic c = cells.get(cellKey(control, segment, metric));
          for (GroupCount g : in.groups()) {
            Statistic t = cells.get(cellKey(g.name(), segment, metric));
            if (g.control() || c == null || t == null || c.n() == 0 || t.n() == 0) {
              continue;
            }
            String id =
                metric.id() + "|" + segment.attribute() + "=" + segment.value() + "|" + g.name();
            if (metric.kind() == Metric.Kind.RATIO) {
              out.addAll(ratio(id, metric, c, t, s));
              continue;
            }
            if (metric.kind() == Metric.Kind.SURVIVAL) {
              out.add(
                  new Comparison(
                      id + "|absolute",
                      null,
                      false,
                      false,
                      s.tuning(),
                      null,
                      null,
                      null,
                      null,
                      c.survival().toDaily(),
                      t.survival().toDaily()));
              continue;
            }
            boolean cuped = s.cuped() && metric.hasCovariate();
            GroupSums cs = c.sums().toGroupSums(cuped);
            GroupSums ts = t.sums().toGroupSums(cuped);
            out.add(
                new Comparison(id + "|absolute", metric.type(), false, false, s.tuning(), cs, ts));
            out.add(
                new Comparison(id + "|relative", metric.type(), true, false, s.tuning(), cs, ts));
            out.add(
                new Comparison(id + "|sequential", metric.type(), true, true, s.tuning(), cs, ts));
          }
        }
      }
      return new Input(s.alpha(), out);
    }

    /** The comparisons of a ratio metric's row, as the evaluation makes them. */
    private static List<Comparison> ratio(
        String id, Metric metric, Statistic c, Statistic t, EvaluationSettings s) {
      boolean cuped = s.cuped() && metric.hasCovariate();
      RatioSums cs = c.ratio().toRatioSums(cuped);
      RatioSums ts = t.ratio().toRatioSums(cuped);
      List<Comparison> out = new ArrayList<>();
      out.add(
          new Comparison(
              id + "|absolute", null, false, false, s.tuning(), null, null, cs, ts, null, null));
      if (!metric.absoluteOnly()) {
        out.add(
            new Comparison(
                id + "|relative", null, true, false, s.tuning(), null, null, cs, ts, null, null));
      }
      out.add(
          new Comparison(
              id + "|sequential",
              null,
              !metric.absoluteOnly(),
              true,
              s.tuning(),
              null,
              null,
              cs,
              ts,
              null,
              null));
      return out;
    }

    private static String cellKey(String group, Segment segment, Metric metric) {
      return group
          + "\u0000"
          + segment.attribute()
          + "\u0000"
          + segment.value()
          + "\u0000"
          + metric;
    }
  }

  private static ObjectNode render(Input input) {
    ObjectNode doc = MAPPER.createObjectNode();
    ArrayNode list = doc.putArray("comparisons");
    for (Comparison c : input.comparisons()) {
      list.add(render(c, input.alpha()));
    }
    return doc;
  }

  private static ObjectNode render(Comparison c, double alpha) {
    if (c.survivalControl() != null) {
      AnalysisSettings settings =
          new AnalysisSettings(alpha, false, c.tuning(), false, Alternative.TWO_SIDED);
      TestResult d =
          SurvivalAnalysis.compare(c.survivalControl(), c.survivalTreatment(), settings)
              .rmstDifference();
      ObjectNode o = fields(c.id(), d);
      o.putNull("theta");
      return o;
    }
    boolean ratio = c.ratioControl() != null;
    boolean covariate = ratio ? c.ratioControl().covariate() != null : c.control().hasCovariate();
    // Mean and proportion comparisons apply CUPED whenever covariate sums are given; a ratio one
    // only when asked, as the evaluation asks it (LoyaltyStatistics).
    AnalysisSettings settings =
        new AnalysisSettings(
            alpha, c.sequential(), c.tuning(), !ratio || covariate, Alternative.TWO_SIDED);
    LiftResult lift =
        ratio
            ? LiftAnalysis.compareRatio(c.ratioControl(), c.ratioTreatment(), settings)
            : LiftAnalysis.compare(c.type(), c.control(), c.treatment(), settings);
    TestResult r;
    if (c.sequential()) {
      r = c.relative() ? lift.sequential() : lift.sequentialAbsolute();
    } else {
      r = c.relative() ? lift.relative() : lift.absolute();
    }
    ObjectNode o = fields(c.id(), r);
    if (covariate) {
      number(o, "theta", lift.cuped().theta());
    } else {
      o.putNull("theta");
    }
    return o;
  }

  private static ObjectNode fields(String id, TestResult r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", id);
    number(o, "estimate", r.estimate());
    number(o, "se", r.se());
    number(o, "ciLower", r.ciLower());
    number(o, "ciUpper", r.ciUpper());
    number(o, "pValue", r.pValue());
    number(o, "df", r.df());
    return o;
  }

  private static void number(ObjectNode o, String field, double v) {
    if (v == Double.POSITIVE_INFINITY) {
      o.put(field, "Infinity");
    } else if (v == Double.NEGATIVE_INFINITY) {
      o.put(field, "-Infinity");
    } else {
      o.put(field, v);
    }
  }

  /** Parser of the {@code {"alpha", "comparisons": [...]}} input of docs/statistics.md. */
  static final class ComparisonsInput {
    private ComparisonsInput() {}

    static Input parse(JsonNode root) throws InputException {
      double alpha = AnalysisSettings.DEFAULT_ALPHA;
      JsonNode a = root.get("alpha");
      if (a != null) {
        if (!a.isNumber() || !(a.asDouble() > 0 && a.asDouble() < 1)) {
          throw new InputException("alpha: must be a number in (0, 1)");
        }
        alpha = a.asDouble();
      }
      JsonNode list = root.get("comparisons");
      if (list == null || !list.isArray()) {
        throw new InputException("comparisons: required array is missing");
      }
      List<Comparison> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(comparison(list.get(i), "comparisons[" + i + "]"));
      }
      return new Input(alpha, out);
    }

    private static Comparison comparison(JsonNode c, String at) throws InputException {
      if (!c.isObject()) {
        throw new InputException(at + ": must be an object");
      }
      JsonNode id = c.get("id");
      if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isEmpty()) {
        throw new InputException(at + ".id: required non-empty string");
      }
      String where = at + " (id \"" + id.asText() + "\")";
      JsonNode type = c.get("type");
      MetricType metric;
      if (type != null && "mean".equals(type.asText())) {
        metric = MetricType.MEAN;
      } else if (type != null && "proportion".equals(type.asText())) {
        metric = MetricType.PROPORTION;
      } else {
        throw new InputException(where + ".type: must be \"mean\" or \"proportion\"");
      }
      boolean relative = bool(c, "relative", true, where);
      boolean sequential = bool(c, "sequential", false, where);
      double tuning = SequentialTTest.DEFAULT_TUNING;
      JsonNode t = c.get("tuning");
      if (t != null && !t.isNull()) {
        if (!t.isNumber() || !(t.asDouble() > 0) || Double.isInfinite(t.asDouble())) {
          throw new InputException(where + ".tuning: must be a positive number");
        }
        tuning = t.asDouble();
      }
      GroupSums control = group(c.get("control"), metric, where + ".control");
      GroupSums treatment = group(c.get("treatment"), metric, where + ".treatment");
      if (control.hasCovariate() != treatment.hasCovariate()) {
        throw new InputException(
            where + ": CUPED fields must be given for both control and treatment or neither");
      }
      return new Comparison(id.asText(), metric, relative, sequential, tuning, control, treatment);
    }

    private static boolean bool(JsonNode c, String field, boolean dflt, String where)
        throws InputException {
      JsonNode v = c.get(field);
      if (v == null || v.isNull()) {
        return dflt;
      }
      if (!v.isBoolean()) {
        throw new InputException(where + "." + field + ": must be true or false");
      }
      return v.asBoolean();
    }

    private static GroupSums group(JsonNode g, MetricType type, String at) throws InputException {
      if (g == null || !g.isObject()) {
        throw new InputException(at + ": required object is missing");
      }
      JsonNode n = g.get("n");
      if (n == null || !n.isIntegralNumber() || n.asLong() < 0 || !n.canConvertToLong()) {
        throw new InputException(at + ".n: must be a non-negative integer");
      }
      double sum = num(g, "sum", at);
      double sumSquares =
          type == MetricType.PROPORTION && g.get("sumSquares") == null
              ? sum
              : num(g, "sumSquares", at);
      String[] cuped = {"covariateSum", "covariateSumSquares", "crossSum"};
      int present = 0;
      for (String f : cuped) {
        present += g.has(f) ? 1 : 0;
      }
      CovariateSums covariate = null;
      if (present > 0) {
        for (String f : cuped) {
          if (!g.has(f)) {
            throw new InputException(at + "." + f + ": required with the other CUPED fields");
          }
        }
        double xs = num(g, "covariateSum", at);
        // For proportions the covariate is 0/1 as well, so its Σx² is not used.
        double xss = num(g, "covariateSumSquares", at);
        covariate = new CovariateSums(xs, xss, num(g, "crossSum", at));
      }
      return new GroupSums(n.asLong(), sum, sumSquares, covariate);
    }

    private static double num(JsonNode g, String field, String at) throws InputException {
      JsonNode v = g.get(field);
      if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
        throw new InputException(at + "." + field + ": must be a finite number");
      }
      return v.asDouble();
    }
  }
}
