package campaignlift.evaluation;

import campaignlift.campaign.Correction;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable JSON snapshot of one evaluation (docs/results.md, docs/results.md): {@code format},
 * {@code campaignId}, {@code name}, {@code evaluatedAt}, {@code settings}, {@code groups}, {@code
 * health}, {@code columns}, {@code statistics}, {@code digest} (SHA-256, hex, of the canonical JSON
 * text of {@code {settings, groups, health, columns, statistics}} as this class writes it) and the
 * computed {@code result}. Doubles are written in Java's shortest round-trip form, so parsing a
 * snapshot and writing the canonical text again reproduces the digest exactly.
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

  /** The S3 key of a snapshot. */
  public static String key(String campaignId, String evaluatedAt) {
    return "snapshots/" + campaignId + "/" + evaluatedAt + ".json";
  }

  /** The full snapshot document. */
  public static ObjectNode toJson(EvaluationInput in, JsonNode result) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("format", FORMAT);
    doc.put("campaignId", in.campaignId());
    doc.put("name", in.name());
    doc.put("evaluatedAt", in.evaluatedAt());
    ObjectNode canonical = canonical(in, FORMAT);
    doc.setAll(canonical);
    ObjectNode digest = doc.putObject("digest");
    digest.put("algorithm", "SHA-256");
    digest.put("value", digest(canonical));
    doc.set("result", result);
    return doc;
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

  private static String digest(ObjectNode canonical) {
    try {
      byte[] bytes = Json.write(canonical).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static ObjectNode canonical(EvaluationInput in, String format) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.set("settings", Analysis.settings(in.settings()));
    ArrayNode groups = o.putArray("groups");
    for (GroupCount g : in.groups()) {
      ObjectNode x = groups.addObject();
      x.put("name", g.name());
      x.put("control", g.control());
      x.put("weight", g.weight());
      x.put("enrolled", g.enrolled());
      x.put("analysed", g.analysed());
    }
    o.set("health", Analysis.health(in.health()));
    if (format.equals(FORMAT_V1)) {
      ArrayNode stats = o.putArray("statistics");
      for (Statistic s : in.statistics()) {
        ObjectNode x = stats.addObject();
        x.put("group", s.group());
        x.put("attribute", s.segment().attribute());
        x.put("value", s.segment().value());
        x.put("metric", s.metric().id());
        Sums m = s.sums();
        x.put("n", m.n());
        x.put("sum", m.sum());
        x.put("sumSquares", m.sumSquares());
        x.put("covariateSum", m.covariateSum());
        x.put("covariateSumSquares", m.covariateSumSquares());
        x.put("crossSum", m.crossSum());
      }
      return o;
    }
    ArrayNode columns = o.putArray("columns");
    COLUMNS.forEach(columns::add);
    // One line per cell, cells in order of first appearance, metrics in statistics order.
    Map<Accumulator.Key, ObjectNode> lines = new LinkedHashMap<>();
    for (Statistic s : in.statistics()) {
      ObjectNode metrics =
          lines.computeIfAbsent(
              new Accumulator.Key(s.group(), s.segment()),
              k -> {
                ObjectNode x = Json.MAPPER.createObjectNode();
                x.put("group", k.group());
                x.put("attribute", k.segment().attribute());
                x.put("value", k.segment().value());
                x.putObject("metrics");
                return x;
              });
      Sums m = s.sums();
      ArrayNode a = ((ObjectNode) metrics.get("metrics")).putArray(s.metric().id());
      a.add(m.n());
      a.add(m.sum());
      a.add(m.sumSquares());
      a.add(m.covariateSum());
      a.add(m.covariateSumSquares());
      a.add(m.crossSum());
    }
    o.putArray("statistics").addAll(lines.values());
    return o;
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
    JsonNode s = require(root, "settings");
    List<String> attrs = new ArrayList<>();
    require(s, "segmentAttributes").forEach(a -> attrs.add(a.asText()));
    Correction correction = Correction.fromWire(require(s, "correction").asText());
    if (correction == null) {
      throw new IllegalArgumentException("settings.correction: unknown");
    }
    Settings settings =
        new Settings(
            require(s, "alpha").asDouble(),
            require(s, "sequential").asBoolean(),
            require(s, "cuped").asBoolean(),
            correction,
            require(s, "maturedOnly").asBoolean(),
            require(s, "windowDays").asInt(),
            require(s, "newUserDays").asInt(),
            require(s, "tuning").asDouble(),
            s.path("cost").isNumber() ? s.path("cost").asDouble() : null,
            attrs);
    List<GroupCount> groups = new ArrayList<>();
    for (JsonNode g : require(root, "groups")) {
      groups.add(
          new GroupCount(
              require(g, "name").asText(),
              require(g, "control").asBoolean(),
              require(g, "weight").asDouble(),
              require(g, "enrolled").asLong(),
              require(g, "analysed").asLong()));
    }
    JsonNode h = require(root, "health");
    Health health =
        new Health(
            require(require(h, "srm"), "pValue").asDouble(),
            require(h, "conflicts").asLong(),
            require(h, "duplicates").asLong(),
            require(h, "immatureExcluded").asLong(),
            require(h, "unknownGroup").asLong(),
            segmentValues(h.get("segmentValues")),
            h.path("unreadable").asLong(0));
    String format = root.path("format").asText();
    List<Statistic> stats =
        format.equals(FORMAT_V1) ? statisticsV1(root) : statistics(require(root, "statistics"));
    EvaluationInput in =
        new EvaluationInput(
            require(root, "campaignId").asText(),
            root.path("name").asText(""),
            require(root, "evaluatedAt").asText(),
            settings,
            groups,
            health,
            stats);
    String expected = require(require(root, "digest"), "value").asText();
    if (!expected.equals(digest(canonical(in, format)))) {
      throw new IllegalArgumentException(
          "digest: the snapshot's statistics do not match its SHA-256 digest");
    }
    return in;
  }

  private static List<Statistic> statistics(JsonNode lines) {
    List<Statistic> stats = new ArrayList<>();
    for (JsonNode x : lines) {
      String group = require(x, "group").asText();
      Segment segment = new Segment(require(x, "attribute").asText(), require(x, "value").asText());
      for (Map.Entry<String, JsonNode> e : require(x, "metrics").properties()) {
        Metric metric =
            Metric.fromId(e.getKey())
                .orElseThrow(() -> new IllegalArgumentException("statistics[].metrics: unknown"));
        JsonNode a = e.getValue();
        if (!a.isArray() || a.size() != COLUMNS.size()) {
          throw new IllegalArgumentException(
              "statistics[].metrics." + e.getKey() + ": must be " + COLUMNS);
        }
        stats.add(
            new Statistic(
                group,
                segment,
                metric,
                new Sums(
                    a.get(0).asLong(),
                    a.get(1).asDouble(),
                    a.get(2).asDouble(),
                    a.get(3).asDouble(),
                    a.get(4).asDouble(),
                    a.get(5).asDouble())));
      }
    }
    return stats;
  }

  private static List<Statistic> statisticsV1(JsonNode root) {
    List<Statistic> stats = new ArrayList<>();
    for (JsonNode x : require(root, "statistics")) {
      Metric metric =
          Metric.fromId(require(x, "metric").asText())
              .orElseThrow(() -> new IllegalArgumentException("statistics[].metric: unknown"));
      stats.add(
          new Statistic(
              require(x, "group").asText(),
              new Segment(require(x, "attribute").asText(), require(x, "value").asText()),
              metric,
              new Sums(
                  require(x, "n").asLong(),
                  require(x, "sum").asDouble(),
                  require(x, "sumSquares").asDouble(),
                  require(x, "covariateSum").asDouble(),
                  require(x, "covariateSumSquares").asDouble(),
                  require(x, "crossSum").asDouble())));
    }
    return stats;
  }

  /** The health's segment value counts; absent (null) in snapshots from before the cap. */
  private static SegmentValues segmentValues(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    List<SegmentValues.Attribute> attrs = new ArrayList<>();
    for (JsonNode a : require(v, "attributes")) {
      attrs.add(
          new SegmentValues.Attribute(
              require(a, "attribute").asText(),
              require(a, "distinctValues").asInt(),
              require(a, "distinctValuesExact").asBoolean(),
              require(a, "ownSegments").asInt(),
              require(a, "foldedValues").asInt(),
              require(a, "foldedEnrolments").asLong()));
    }
    return new SegmentValues(
        require(v, "valuesPerAttribute").asInt(), require(v, "maxValueLength").asInt(), attrs);
  }

  private static JsonNode require(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(field + ": required");
    }
    return v;
  }
}
