package campaignlift.evaluation;

import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.Segment;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  public static final String FORMAT = "campaign-lift/snapshot/v2";
  static final String FORMAT_V1 = "campaign-lift/snapshot/v1";
  private static final List<String> COLUMNS =
      List.of("n", "sum", "sumSquares", "covariateSum", "covariateSumSquares", "crossSum");

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
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> columns,
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
      @JsonInclude(JsonInclude.Include.NON_NULL) List<String> columns,
      List<Line> statistics,
      Digest digest,
      Result result) {}

  /** The S3 key of a snapshot. */
  public static String key(String campaignId, String evaluatedAt) {
    return "snapshots/" + campaignId + "/" + evaluatedAt + ".json";
  }

  /** The full snapshot document's text. */
  public static String write(EvaluationInput in, Result result) {
    Canonical c = canonical(in, FORMAT);
    return ResultJson.write(
        new Document(
            FORMAT,
            in.campaignId(),
            in.name(),
            in.evaluatedAt(),
            c.settings(),
            c.groups(),
            c.health(),
            c.columns(),
            c.statistics(),
            new Digest("SHA-256", digest(c)),
            result));
  }

  /** Whether a JSON document looks like a snapshot (either format). */
  public static boolean isSnapshot(JsonNode root) {
    String format = root == null ? null : root.path("format").asText(null);
    return FORMAT.equals(format) || FORMAT_V1.equals(format);
  }

  /** SHA-256 (hex) of the canonical text of the inputs, as the current format writes them. */
  public static String digest(EvaluationInput in) {
    return digest(canonical(in, FORMAT));
  }

  static String digest(Canonical canonical) {
    try {
      byte[] bytes = ResultJson.write(canonical).getBytes(StandardCharsets.UTF_8);
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
      CellSums m = s.sums();
      cells
          .computeIfAbsent(new Accumulator.Key(s.group(), s.segment()), k -> new LinkedHashMap<>())
          .put(
              s.metric().id(),
              List.of(
                  m.n(),
                  m.sum(),
                  m.sumSquares(),
                  m.covariateSum(),
                  m.covariateSumSquares(),
                  m.crossSum()));
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
    return new Canonical(in.settings(), in.groups(), in.health(), COLUMNS, lines);
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
          "format: not a " + FORMAT + " (or " + FORMAT_V1 + ") document");
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
        List<Number> a = e.getValue();
        if (a == null || a.size() != COLUMNS.size() || a.contains(null)) {
          throw new IllegalArgumentException(
              "statistics[].metrics." + e.getKey() + ": must be " + COLUMNS);
        }
        stats.add(
            new Statistic(
                group,
                segment,
                metric,
                new CellSums(
                    a.get(0).longValue(),
                    a.get(1).doubleValue(),
                    a.get(2).doubleValue(),
                    a.get(3).doubleValue(),
                    a.get(4).doubleValue(),
                    a.get(5).doubleValue())));
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
