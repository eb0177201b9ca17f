package campaignlift.evaluation;

import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.ResultWriter;
import campaignlift.evaluation.result.Segment;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The immutable JSON snapshot of one evaluation (docs/results.md): {@code format}, {@code
 * campaignId}, {@code name}, {@code evaluatedAt}, {@code settings}, {@code groups}, {@code health},
 * {@code columns}, {@code statistics}, {@code digest} (SHA-256, hex, of the canonical JSON text of
 * {@code {settings, groups, health, columns, statistics}} as this class writes it) and the computed
 * {@code result}. Doubles are written in Java's shortest round-trip form, so parsing a snapshot and
 * writing the canonical text again reproduces the digest exactly.
 *
 * <p>Format v2 writes one line per group × segment, {@code {group, attribute, value, metrics:
 * {metricId: [n, sum, sumSquares, covariateSum, covariateSumSquares, crossSum]}}} with the array's
 * order named in {@code columns}: the names are written once per cell rather than once per metric,
 * which keeps the largest campaign's snapshot small (docs/results.md). Format v1 (one object per
 * group × segment × metric) is still read, and its digest checked, so older snapshots stay
 * recomputable.
 */
public final class Snapshot {
  public static final String FORMAT = "campaign-lift/snapshot/v3";
  static final String FORMAT_V2 = "campaign-lift/snapshot/v2";
  static final String FORMAT_V1 = "campaign-lift/snapshot/v1";
  private static final List<String> COLUMNS =
      List.of("n", "sum", "sumSquares", "covariateSum", "covariateSumSquares", "crossSum");

  private static final List<String> RATIO_COLUMNS =
      List.of(
          "n",
          "numeratorSum",
          "numeratorSumSquares",
          "denominatorSum",
          "denominatorSumSquares",
          "crossSum");

  private static final List<String> PRE_COLUMNS =
      List.of(
          "preNumeratorSum",
          "preNumeratorSumSquares",
          "preDenominatorSum",
          "preDenominatorSumSquares",
          "numeratorPostPre",
          "denominatorPostPre",
          "preNumeratorPreDenominator",
          "numeratorPostDenominatorPre",
          "numeratorPreDenominatorPost");

  /** The arrays' layouts per metric type, written once in a v3 snapshot's {@code columns}. */
  private static final Map<String, List<String>> COLUMNS_V3 = columnsV3();

  private static Map<String, List<String>> columnsV3() {
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("mean", COLUMNS);
    c.put("proportion", COLUMNS);
    c.put("ratio", RATIO_COLUMNS);
    List<String> withPre = new ArrayList<>(RATIO_COLUMNS);
    withPre.addAll(PRE_COLUMNS);
    c.put("ratioWithPreWindow", List.copyOf(withPre));
    c.put("survival", List.of("horizonDays", "day", "events", "censored", "..."));
    return Map.copyOf(c);
  }

  private Snapshot() {}

  /**
   * What the digest covers, in this order. {@code columns} is absent in v1; a v1 line has the
   * metric and the six sums as fields, a v2 line the sums of every metric under {@code metrics}.
   */
  @JsonPropertyOrder({"settings", "groups", "health", "columns", "statistics"})
  record Canonical(
      EvaluationSettings settings,
      List<GroupCount> groups,
      Health health,
      @JsonInclude(JsonInclude.Include.NON_NULL) Object columns,
      List<Line> statistics) {}

  /** One line of {@code statistics}; the fields of the other format are null and not written. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "group",
    "attribute",
    "value",
    "metric",
    "n",
    "sum",
    "sumSquares",
    "covariateSum",
    "covariateSumSquares",
    "crossSum",
    "metrics"
  })
  record Line(
      String group,
      String attribute,
      String value,
      String metric,
      Long n,
      Double sum,
      Double sumSquares,
      Double covariateSum,
      Double covariateSumSquares,
      Double crossSum,
      Map<String, List<Number>> metrics) {}

  record Digest(String algorithm, String value) {}

  /** The whole document; reading ignores what it does not need. */
  @JsonPropertyOrder({
    "format",
    "campaignId",
    "name",
    "evaluatedAt",
    "settings",
    "groups",
    "health",
    "columns",
    "statistics",
    "digest",
    "result"
  })
  record Document(
      String format,
      String campaignId,
      String name,
      String evaluatedAt,
      EvaluationSettings settings,
      List<GroupCount> groups,
      Health health,
      @JsonInclude(JsonInclude.Include.NON_NULL) Object columns,
      List<Line> statistics,
      Digest digest,
      Result result) {}

  /** The S3 key of a snapshot. */
  public static String key(String campaignId, String evaluatedAt) {
    return "snapshots/" + campaignId + "/" + evaluatedAt + ".json";
  }

  /**
   * The full snapshot document's text: {@link Document}'s fields in its order, written field by
   * field ({@link ResultWriter}; SnapshotTest holds it to the text the mapper binds).
   */
  public static String write(EvaluationInput in, Result result) {
    Canonical c = canonical(in, FORMAT);
    String digest = digest(c);
    return ResultJson.written(
        g -> {
          g.writeStartObject();
          g.writeStringField("format", FORMAT);
          g.writeStringField("campaignId", in.campaignId());
          g.writeStringField("name", in.name());
          g.writeStringField("evaluatedAt", in.evaluatedAt());
          canonicalFields(g, c);
          g.writeObjectFieldStart("digest");
          g.writeStringField("algorithm", "SHA-256");
          g.writeStringField("value", digest);
          g.writeEndObject();
          g.writeFieldName("result");
          if (result == null) {
            g.writeNull();
          } else {
            ResultWriter.result(g, result);
          }
          g.writeEndObject();
        });
  }

  /** The canonical text the digest covers: {@link Canonical}'s fields in its order. */
  static String canonicalText(Canonical c) {
    return ResultJson.written(
        g -> {
          g.writeStartObject();
          canonicalFields(g, c);
          g.writeEndObject();
        });
  }

  private static void canonicalFields(JsonGenerator g, Canonical c) throws IOException {
    ResultWriter.settings(g, "settings", c.settings());
    ResultWriter.groups(g, "groups", c.groups());
    ResultWriter.health(g, "health", c.health());
    if (c.columns() != null) {
      g.writeFieldName("columns");
      columns(g, c.columns());
    }
    g.writeArrayFieldStart("statistics");
    for (Line l : c.statistics()) {
      line(g, l);
    }
    g.writeEndArray();
  }

  /** A v2 list of column names, or v3's names per layout. */
  private static void columns(JsonGenerator g, Object columns) throws IOException {
    if (columns instanceof Map<?, ?> layouts) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : layouts.entrySet()) {
        g.writeFieldName((String) e.getKey());
        columns(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeStartArray();
      for (Object name : (List<?>) columns) {
        g.writeString((String) name);
      }
      g.writeEndArray();
    }
  }

  /** One line; the fields of the other format are null and left out. */
  private static void line(JsonGenerator g, Line l) throws IOException {
    g.writeStartObject();
    text(g, "group", l.group());
    text(g, "attribute", l.attribute());
    text(g, "value", l.value());
    text(g, "metric", l.metric());
    if (l.n() != null) {
      g.writeNumberField("n", l.n().longValue());
    }
    sum(g, "sum", l.sum());
    sum(g, "sumSquares", l.sumSquares());
    sum(g, "covariateSum", l.covariateSum());
    sum(g, "covariateSumSquares", l.covariateSumSquares());
    sum(g, "crossSum", l.crossSum());
    if (l.metrics() != null) {
      g.writeObjectFieldStart("metrics");
      for (Map.Entry<String, List<Number>> e : l.metrics().entrySet()) {
        g.writeArrayFieldStart(e.getKey());
        for (Number v : e.getValue()) {
          if (v instanceof Double d) {
            ResultWriter.number(g, d.doubleValue());
          } else if (v instanceof Integer i) {
            g.writeNumber(i.intValue());
          } else {
            g.writeNumber(v.longValue());
          }
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void text(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void sum(JsonGenerator g, String name, Double value) throws IOException {
    if (value != null) {
      ResultWriter.number(g, name, value);
    }
  }

  /** Whether a JSON document looks like a snapshot (either format). */
  public static boolean isSnapshot(JsonNode root) {
    String format = root == null ? null : root.path("format").asText(null);
    return FORMAT.equals(format) || FORMAT_V2.equals(format) || FORMAT_V1.equals(format);
  }

  /** SHA-256 (hex) of the canonical text of the inputs, as the current format writes them. */
  public static String digest(EvaluationInput in) {
    return digest(canonical(in, FORMAT));
  }

  static String digest(Canonical canonical) {
    try {
      byte[] bytes = canonicalText(canonical).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static Canonical canonical(EvaluationInput in, String format) {
    List<Line> lines = new ArrayList<>();
    if (format.equals(FORMAT_V1)) {
      for (Statistic s : in.statistics()) {
        CellSums m = s.sums();
        lines.add(
            new Line(
                s.group(),
                s.segment().attribute(),
                s.segment().value(),
                s.metric().id(),
                m.n(),
                m.sum(),
                m.sumSquares(),
                m.covariateSum(),
                m.covariateSumSquares(),
                m.crossSum(),
                null));
      }
      return new Canonical(in.settings(), in.groups(), in.health(), null, lines);
    }
    // One line per cell, cells in order of first appearance, metrics in statistics order.
    Map<Accumulator.Key, Map<String, List<Number>>> cells = new LinkedHashMap<>();
    for (Statistic s : in.statistics()) {
      cells
          .computeIfAbsent(new Accumulator.Key(s.group(), s.segment()), k -> new LinkedHashMap<>())
          .put(s.metric().id(), values(s));
    }
    cells.forEach(
        (k, metrics) ->
            lines.add(
                new Line(
                    k.group(),
                    k.segment().attribute(),
                    k.segment().value(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    metrics)));
    return new Canonical(
        in.settings(),
        in.groups(),
        in.health(),
        format.equals(FORMAT_V2) ? COLUMNS : new TreeMap<>(COLUMNS_V3),
        lines);
  }

  /** One statistic as its snapshot array (the layouts of {@link #COLUMNS_V3}). */
  private static List<Number> values(Statistic s) {
    if (s.sums() != null) {
      CellSums m = s.sums();
      return List.of(
          m.n(), m.sum(), m.sumSquares(), m.covariateSum(), m.covariateSumSquares(), m.crossSum());
    }
    List<Number> out = new ArrayList<>();
    if (s.ratio() != null) {
      RatioCellSums r = s.ratio();
      out.addAll(
          List.of(
              r.n(),
              r.numeratorSum(),
              r.numeratorSumSquares(),
              r.denominatorSum(),
              r.denominatorSumSquares(),
              r.crossSum()));
      RatioCellSums.Pre p = r.pre();
      if (p != null) {
        out.addAll(
            List.of(
                p.numeratorSum(),
                p.numeratorSumSquares(),
                p.denominatorSum(),
                p.denominatorSumSquares(),
                p.mPostMPre(),
                p.dPostDPre(),
                p.mPreDPre(),
                p.mPostDPre(),
                p.mPreDPost()));
      }
      return out;
    }
    SurvivalCounts v = s.survival();
    out.add(v.horizonDays());
    long[] events = v.events();
    long[] censored = v.censored();
    for (int day = 1; day <= v.horizonDays(); day++) {
      if (events[day] != 0 || censored[day] != 0) {
        out.addAll(List.of(day, events[day], censored[day]));
      }
    }
    return out;
  }

  /** Reads one statistic's snapshot array back, by its metric's type. */
  private static Statistic statistic(
      String group, Segment segment, Metric metric, List<Number> a, String format) {
    String field = "statistics[].metrics." + metric.id();
    if (a == null || a.contains(null)) {
      throw new IllegalArgumentException(field + ": must be an array of numbers");
    }
    switch (metric.kind()) {
      case MEAN, PROPORTION -> {
        if (a.size() != COLUMNS.size()) {
          throw new IllegalArgumentException(field + ": must be " + COLUMNS);
        }
        return new Statistic(
            group,
            segment,
            metric,
            new CellSums(
                a.get(0).longValue(),
                a.get(1).doubleValue(),
                a.get(2).doubleValue(),
                a.get(3).doubleValue(),
                a.get(4).doubleValue(),
                a.get(5).doubleValue()));
      }
      case RATIO -> {
        int plain = RATIO_COLUMNS.size();
        if (format.equals(FORMAT_V2)
            || (a.size() != plain && a.size() != plain + PRE_COLUMNS.size())) {
          throw new IllegalArgumentException(field + ": must be " + RATIO_COLUMNS + " [+ pre]");
        }
        double[] x = new double[a.size()];
        for (int i = 0; i < x.length; i++) {
          x[i] = a.get(i).doubleValue();
        }
        RatioCellSums.Pre pre =
            a.size() == plain
                ? null
                : new RatioCellSums.Pre(x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13], x[14]);
        return Statistic.ratio(
            group,
            segment,
            metric,
            new RatioCellSums(a.get(0).longValue(), x[1], x[2], x[3], x[4], x[5], pre));
      }
      case SURVIVAL -> {
        int horizon = a.isEmpty() ? 0 : a.get(0).intValue();
        if (format.equals(FORMAT_V2) || horizon < 1 || (a.size() - 1) % 3 != 0) {
          throw new IllegalArgumentException(
              field + ": must be [horizonDays, then day, events, censored per day]");
        }
        long[] events = new long[horizon + 1];
        long[] censored = new long[horizon + 1];
        for (int i = 1; i < a.size(); i += 3) {
          int day = a.get(i).intValue();
          if (day < 1 || day > horizon) {
            throw new IllegalArgumentException(field + ": day " + day + " outside the window");
          }
          events[day] = a.get(i + 1).longValue();
          censored[day] = a.get(i + 2).longValue();
        }
        return Statistic.survival(
            group, segment, metric, new SurvivalCounts(horizon, events, censored));
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /**
   * Reads a snapshot back into the inputs it was computed from.
   *
   * @throws IllegalArgumentException when it is not a snapshot, a field is missing or bad, or the
   *     digest does not match
   */
  public static EvaluationInput parse(JsonNode root) {
    if (!isSnapshot(root)) {
      throw new IllegalArgumentException(
          "format: not a " + FORMAT + " (or " + FORMAT_V2 + ", " + FORMAT_V1 + ") document");
    }
    Document d = ResultJson.read(root, Document.class);
    require(d.settings(), "settings");
    require(d.settings().correction(), "settings.correction");
    require(d.groups(), "groups");
    require(d.health(), "health");
    require(d.health().srm(), "health.srm");
    String format = d.format();
    List<Statistic> stats = new ArrayList<>();
    for (Line x : require(d.statistics(), "statistics")) {
      Segment segment =
          new Segment(require(x.attribute(), "attribute"), require(x.value(), "value"));
      String group = require(x.group(), "group");
      if (format.equals(FORMAT_V1)) {
        stats.add(
            new Statistic(
                group,
                segment,
                metric(x.metric(), "statistics[].metric"),
                new CellSums(
                    require(x.n(), "n"),
                    require(x.sum(), "sum"),
                    require(x.sumSquares(), "sumSquares"),
                    require(x.covariateSum(), "covariateSum"),
                    require(x.covariateSumSquares(), "covariateSumSquares"),
                    require(x.crossSum(), "crossSum"))));
        continue;
      }
      for (Map.Entry<String, List<Number>> e : require(x.metrics(), "metrics").entrySet()) {
        Metric metric = metric(e.getKey(), "statistics[].metrics");
        stats.add(statistic(group, segment, metric, e.getValue(), format));
      }
    }
    EvaluationInput in =
        new EvaluationInput(
            require(d.campaignId(), "campaignId"),
            d.name() == null ? "" : d.name(),
            require(d.evaluatedAt(), "evaluatedAt"),
            d.settings(),
            d.groups(),
            d.health(),
            stats);
    String expected = require(require(d.digest(), "digest").value(), "digest.value");
    if (!expected.equals(digest(canonical(in, format)))) {
      throw new IllegalArgumentException(
          "digest: the snapshot's statistics do not match its SHA-256 digest");
    }
    return in;
  }

  /** The result stored in a snapshot's text. */
  public static Result result(String snapshot) {
    return ResultJson.read(snapshot, Document.class).result();
  }

  private static Metric metric(String id, String field) {
    return Metric.fromId(id).orElseThrow(() -> new IllegalArgumentException(field + ": unknown"));
  }

  private static <T> T require(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": required");
    }
    return value;
  }
}
