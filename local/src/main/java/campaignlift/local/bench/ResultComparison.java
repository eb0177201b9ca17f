package campaignlift.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeSet;

/**
 * Whether a result from the aggregates equals the result of a full read (docs/aggregates.md: once
 * the stream is caught up they are equal exactly). Compared: everything but {@code
 * health.freshness}, which says where the sums came from, and the result's identity ({@code
 * evaluatedAt}, {@code snapshot}, {@code report}), which differs between any two evaluations.
 * Numbers are compared as they are written, so a difference in the last bit of a double counts.
 */
final class ResultComparison {
  private ResultComparison() {}

  /** The path and the two values of the first difference, or null when equal. */
  static String firstDifference(JsonNode fromAggregates, JsonNode fullRead) {
    return difference("", comparable(fromAggregates), comparable(fullRead));
  }

  private static JsonNode comparable(JsonNode result) {
    ObjectNode copy = result.deepCopy();
    copy.remove("evaluatedAt");
    copy.remove("snapshot");
    copy.remove("report");
    if (copy.get("health") instanceof ObjectNode health) {
      health.remove("freshness");
    }
    return copy;
  }

  private static String difference(String path, JsonNode a, JsonNode b) {
    if (a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String d = difference(path + "." + name, a.path(name), b.path(name));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (a.isArray() && b.isArray() && a.size() == b.size()) {
      for (int i = 0; i < a.size(); i++) {
        String d = difference(path + "[" + i + "]", a.get(i), b.get(i));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return a.equals(b)
        ? null
        : path + ": " + shortly(a) + " from the aggregates, " + shortly(b) + " from a full read";
  }

  private static String shortly(JsonNode v) {
    String s = v.isMissingNode() ? "(absent)" : v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
