package campaignlift.aggregate;

import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message of a recompute's fan-out: read write shard {@code shard} of the campaign and store
 * its part. Delivered at least once; running it twice counts the shard once (docs/aggregates.md). A
 * shard too big to read before the function's deadline is read in segments: segment {@code segment}
 * starts just after user {@code startAfter} and, if it too must stop, sends the next.
 *
 * @param segment 0 for the shard's first task
 * @param startAfter the last user id the previous segment read; null for segment 0
 */
public record RecomputeTask(
    String campaignId, String recomputeId, int shard, int segment, String startAfter) {

  /** The first task of a shard: from its start. */
  public static RecomputeTask first(String campaignId, String recomputeId, int shard) {
    return new RecomputeTask(campaignId, recomputeId, shard, 0, null);
  }

  /** The task that goes on after this one stopped having read up to user {@code lastRead}. */
  public RecomputeTask next(String lastRead) {
    return new RecomputeTask(campaignId, recomputeId, shard, segment + 1, lastRead);
  }

  /**
   * The message body, {@code {"campaignId", "recomputeId", "shard", "segment", "startAfter"}}:
   * spelled out, as {@link #parse} reads it, without bean introspection (a cold start's 30 ms).
   */
  public String toJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("campaignId", campaignId);
    body.put("recomputeId", recomputeId);
    body.put("shard", shard);
    body.put("segment", segment);
    body.put("startAfter", startAfter);
    return Json.write(body);
  }

  /**
   * Reads a message body {@link #toJson} wrote; fields it does not know are ignored (a message of a
   * newer version during a deployment).
   *
   * @throws IllegalArgumentException when it is not such a message
   */
  public static RecomputeTask parse(String body) {
    JsonNode n = Json.message(body);
    JsonNode campaignId = n.path("campaignId");
    JsonNode recomputeId = n.path("recomputeId");
    JsonNode shard = n.path("shard");
    JsonNode segment = n.path("segment");
    JsonNode startAfter = n.path("startAfter");
    if (!campaignId.isTextual() || !recomputeId.isTextual()) {
      throw new IllegalArgumentException("campaignId and recomputeId must be text");
    }
    if (!shard.canConvertToInt() || !shard.isIntegralNumber() || shard.intValue() < 0) {
      throw new IllegalArgumentException("shard must be a whole number from 0");
    }
    if (!segment.isMissingNode()
        && (!segment.isIntegralNumber() || !segment.canConvertToInt() || segment.intValue() < 0)) {
      throw new IllegalArgumentException("segment must be a whole number from 0");
    }
    if (!startAfter.isMissingNode() && !startAfter.isNull() && !startAfter.isTextual()) {
      throw new IllegalArgumentException("startAfter must be text or null");
    }
    return new RecomputeTask(
        campaignId.asText(),
        recomputeId.asText(),
        shard.intValue(),
        segment.isMissingNode() ? 0 : segment.intValue(),
        startAfter.isTextual() ? startAfter.asText() : null);
  }
}
