package campaignlift.evaluation;

import campaignlift.campaign.Correction;
import campaignlift.http.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The immutable JSON snapshot of one evaluation (SPEC §5): {@code format}, {@code campaignId},
 * {@code name}, {@code evaluatedAt}, {@code settings}, {@code groups}, {@code health}, {@code
 * statistics} (one line per group × segment × metric: n, sum, sumSquares, covariateSum,
 * covariateSumSquares, crossSum), {@code digest} (SHA-256, hex, of the canonical JSON text of
 * {@code {settings, groups, health, statistics}} as this class writes it) and the computed {@code
 * result}. Doubles are written in Java's shortest round-trip form, so parsing a snapshot and
 * writing the canonical text again reproduces the digest exactly.
 */
public final class Snapshot {
  public static final String FORMAT = "campaign-lift/snapshot/v1";

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
    ObjectNode canonical = canonical(in);
    doc.setAll(canonical);
    ObjectNode digest = doc.putObject("digest");
    digest.put("algorithm", "SHA-256");
    digest.put("value", digest(in));
    doc.set("result", result);
    return doc;
  }

  /** Whether a JSON document looks like a snapshot. */
  public static boolean isSnapshot(JsonNode root) {
    return root != null && FORMAT.equals(root.path("format").asText(null));
  }

  /** SHA-256 (hex) of the canonical text of the inputs. */
  public static String digest(EvaluationInput in) {
    try {
      byte[] bytes = Json.write(canonical(in)).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static ObjectNode canonical(EvaluationInput in) {
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

  /**
   * Reads a snapshot back into the inputs it was computed from.
   *
   * @throws IllegalArgumentException when it is not a snapshot, a field is missing or bad, or the
   *     digest does not match
   */
  public static EvaluationInput parse(JsonNode root) {
    if (!isSnapshot(root)) {
      throw new IllegalArgumentException("format: not a " + FORMAT + " document");
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
            require(h, "unknownGroup").asLong());
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
    if (!expected.equals(digest(in))) {
      throw new IllegalArgumentException(
          "digest: the snapshot's statistics do not match its SHA-256 digest");
    }
    return in;
  }

  private static JsonNode require(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(field + ": required");
    }
    return v;
  }
}
