package campaignlift.campaign;

import campaignlift.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The wire form of a campaign: every setting with its default filled in, so clients see what is in
 * force. Stored items are read back by the store's lenient reader, not by the API's {@link
 * CampaignParser} (docs/stored-data.md).
 */
public final class CampaignJson {
  private CampaignJson() {}

  public static ObjectNode definition(Campaign c) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("campaignId", c.campaignId());
    n.put("name", c.name());
    n.put("startAt", c.startAt().toString());
    if (c.endAt() != null) {
      n.put("endAt", c.endAt().toString());
    }
    n.put("windowDays", c.windowDays());
    n.put("newUserDays", c.newUserDays());
    n.put("retentionDays", c.retentionDays());
    n.put("loyaltyPurchases", c.loyaltyPurchases());
    ArrayNode groups = n.putArray("groups");
    for (Group g : c.groups()) {
      groups
          .addObject()
          .put("name", g.name())
          .put("weight", g.weight())
          .put("control", g.control());
    }
    ArrayNode segments = n.putArray("segmentAttributes");
    c.segmentAttributes().forEach(segments::add);
    n.put("alpha", c.alpha());
    n.put("sequential", c.sequential());
    n.put("cuped", c.cuped());
    n.put("correction", c.correction().wireName());
    if (c.cost() != null) {
      n.put("cost", c.cost());
    }
    n.put("shards", c.shards());
    return n;
  }

  /** The definition plus bookkeeping, as {@code GET /campaigns/{id}} returns it. */
  public static ObjectNode view(StoredCampaign s) {
    ObjectNode n = definition(s.campaign());
    n.put("createdAt", s.createdAt().toString());
    n.put("updatedAt", s.updatedAt().toString());
    if (s.exposuresStarted()) {
      n.put("exposuresStartedAt", s.exposuresStartedAt().toString());
    }
    if (s.archived()) {
      n.put("archivedAt", s.archivedAt().toString());
    }
    return n;
  }
}
