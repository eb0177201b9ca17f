package campaignlift.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** Campaign bodies for tests. */
final class Campaigns {
  private Campaigns() {}

  static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A valid body: two groups 10/90, one segment attribute, defaults for the rest. */
  static ObjectNode valid() {
    ObjectNode body = Http.JSON.createObjectNode();
    body.put("name", "Spring promo");
    body.put("startAt", "2026-03-01T00:00:00Z");
    body.put("endAt", "2026-06-30T00:00:00+02:00");
    var groups = body.putArray("groups");
    groups.addObject().put("name", "control").put("weight", 0.1).put("control", true);
    groups.addObject().put("name", "coupon").put("weight", 0.9);
    body.putArray("segmentAttributes").add("channel");
    return body;
  }

  /** {@link #valid()} with the two groups at equal weights. */
  static ObjectNode evenSplit() {
    ObjectNode body = valid();
    var groups = body.putArray("groups");
    groups.addObject().put("name", "control").put("weight", 0.5).put("control", true);
    groups.addObject().put("name", "coupon").put("weight", 0.5);
    return body;
  }
}
