package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import campaignlift.store.Backend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stored enrolment the code cannot read (written by hand, or by a version with another format) is
 * left out of the evaluation and counted in {@code health.unreadable}; every other enrolment is
 * evaluated as before (docs/write-path.md).
 */
class UnreadableEnrolmentsTest {

  @Test
  void anUnreadableEnrolmentIsCountedAndEveryOtherOneEvaluated() throws Exception {
    TestBackends backends = TestBackends.get();
    Http http = new Http(backends.url());
    String id = Campaigns.uniqueId("unreadable-enrolment");
    assertEquals(201, http.put("/campaigns/" + id, Campaigns.valid().toString()).status());
    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode xs = body.putArray("exposures");
    Instant at = Instant.parse("2026-04-01T00:00:00Z");
    for (int i = 0; i < 3; i++) {
      xs.addObject().put("userId", id + "-u" + i).put("at", at.toString());
    }
    assertEquals(200, http.post("/campaigns/" + id + "/exposures", body.toString()).status());

    Backend backend = backends.backend();
    for (String broken : new String[] {"broken-t0", "missing-everything"}) {
      Map<String, AttributeValue> item =
          broken.equals("broken-t0")
              ? Map.of(
                  "pk", AttributeValue.fromS(id + "#0"),
                  "userId", AttributeValue.fromS(broken),
                  "campaignId", AttributeValue.fromS(id),
                  "group", AttributeValue.fromS("coupon"),
                  "t0", AttributeValue.fromS("yesterday"))
              : Map.of(
                  "pk", AttributeValue.fromS(id + "#3"), "userId", AttributeValue.fromS(broken));
      backend.dynamo().putItem(r -> r.tableName(backend.tables().enrolments()).item(item));
    }

    FoldedAggregates.awaitFolded();
    Http.Response r = http.post("/campaigns/" + id + "/evaluations", "{\"maturedOnly\": false}");
    assertEquals(201, r.status(), r.raw().body());
    JsonNode result = r.json();
    assertEquals(2, result.path("health").path("unreadable").asLong());
    long enrolled = 0;
    for (JsonNode g : result.path("groups")) {
      enrolled += g.path("enrolled").asLong();
    }
    assertEquals(3, enrolled, "the readable enrolments are all evaluated");
  }
}
