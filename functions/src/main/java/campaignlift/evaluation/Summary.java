package campaignlift.evaluation;

import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The compact form of a result kept for history (lift over time): evaluation time, settings,
 * health, groups and the headline rows of segment {@code all}, each with its decision-basis
 * relative interval (sequential when the campaign is sequential).
 */
public final class Summary {
  private Summary() {}

  public static ObjectNode of(JsonNode result) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("campaignId", result.path("campaignId").asText());
    o.put("evaluatedAt", result.path("evaluatedAt").asText());
    o.set("settings", result.path("settings"));
    o.set("groups", result.path("groups"));
    o.set("health", result.path("health"));
    boolean sequential = result.path("settings").path("sequential").asBoolean();
    ArrayNode rows = o.putArray("headline");
    for (JsonNode r : result.path("results")) {
      boolean headline =
          Metric.fromId(r.path("metric").asText()).filter(Metric.HEADLINE::contains).isPresent();
      boolean all = r.path("segment").path("attribute").asText().equals("all");
      if (!headline || !all) {
        continue;
      }
      JsonNode interval = sequential ? r.path("sequential") : r.path("relative");
      ObjectNode x = rows.addObject();
      x.put("metric", r.path("metric").asText());
      x.put("group", r.path("group").asText());
      x.set("estimate", r.path("relative").path("estimate"));
      x.set("ciLower", interval.path("ciLower"));
      x.set("ciUpper", interval.path("ciUpper"));
      x.set("pValueAdjusted", r.path("pValueAdjusted"));
      x.set("significant", r.path("significant"));
    }
    return o;
  }
}
