package campaignlift.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recompute task's message body: what the sender writes, the worker reads back. */
class RecomputeTaskTest {

  @Test
  void aTaskReadsBackAsItWasSent() throws Exception {
    RecomputeTask first = RecomputeTask.first("spring-promo", "r-1", 7);
    RecomputeTask next = first.next("user-0042");
    for (RecomputeTask t : List.of(first, next)) {
      assertEquals(t, RecomputeTask.parse(t.toJson()));
    }
    JsonNode body = Json.MAPPER.readTree(next.toJson());
    assertEquals("spring-promo", body.path("campaignId").asText());
    assertEquals("r-1", body.path("recomputeId").asText());
    assertEquals(7, body.path("shard").asInt());
    assertEquals(1, body.path("segment").asInt());
    assertEquals("user-0042", body.path("startAfter").asText());
    assertEquals(true, Json.MAPPER.readTree(first.toJson()).path("startAfter").isNull());
  }

  @Test
  void aBodyOfANewerVersionIsReadAndAMissingSegmentIsTheFirst() {
    RecomputeTask t =
        RecomputeTask.parse(
            "{\"campaignId\":\"c\",\"recomputeId\":\"r\",\"shard\":0,\"priority\":\"high\"}");
    assertEquals(RecomputeTask.first("c", "r", 0), t);
  }

  @Test
  void aBodyThatIsNoTaskIsRefusedWithItsReason() {
    for (String body :
        List.of(
            "not json",
            "[1]",
            "{\"recomputeId\":\"r\",\"shard\":0}",
            "{\"campaignId\":\"c\",\"recomputeId\":\"r\",\"shard\":-1}",
            "{\"campaignId\":\"c\",\"recomputeId\":\"r\",\"shard\":1.5}",
            "{\"campaignId\":\"c\",\"recomputeId\":\"r\",\"shard\":\"1\"}",
            "{\"campaignId\":\"c\",\"recomputeId\":\"r\",\"shard\":1,\"segment\":1e10}",
            "{\"campaignId\":\"c\",\"recomputeId\":\"r\",\"shard\":1,\"startAfter\":5}")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> RecomputeTask.parse(body), body);
      assertEquals(false, e.getMessage().isBlank(), body);
    }
  }
}
