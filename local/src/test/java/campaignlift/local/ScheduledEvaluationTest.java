package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The scheduled run on its own set of tables (so other tests' campaigns do not take part): running
 * campaigns are evaluated, an ended one once after its last window matured, the rest skipped, and a
 * campaign whose enrolment reads fail (an injected SDK fault) is reported without stopping the
 * others.
 */
class ScheduledEvaluationTest {

  /** Fails every query of one campaign's aggregates or enrolments: its evaluation fails. */
  static final class FailCampaign implements ExecutionInterceptor {
    volatile String campaignId = "none";

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof QueryRequest q) {
        AttributeValue pk = q.expressionAttributeValues().get(":pk");
        if (pk != null
            && pk.s() != null
            && (pk.s().startsWith(campaignId + "#") || pk.s().equals("campaign#" + campaignId))) {
          throw new IllegalStateException("injected fault for " + campaignId);
        }
      }
    }
  }

  @Test
  void evaluatesRunningAndFinalCampaignsAndIsolatesFailures() throws Exception {
    FailCampaign faults = new FailCampaign();
    try (IsolatedTables tables = new IsolatedTables("sched", faults)) {
      Http http = tables.http();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      String running = create(http, "running", now.minus(days(60)), null, now.minus(days(30)));
      String broken = create(http, "broken", now.minus(days(60)), null, now.minus(days(30)));
      String ended =
          create(http, "ended", now.minus(days(100)), now.minus(days(40)), now.minus(days(50)));
      String endedRecently =
          create(http, "recent", now.minus(days(100)), now.minus(days(2)), now.minus(days(5)));
      String future = create(http, "future", now.plus(days(10)), null, null);
      faults.campaignId = broken;

      Clock clock = Clock.fixed(now, ZoneOffset.UTC);
      JsonNode first = tables.schedule(clock, null);
      assertEquals(Set.of(running, ended), ids(first.path("evaluated")), first.toString());
      assertEquals(1, first.path("failed").size(), first.toString());
      assertEquals(broken, first.path("failed").get(0).path("campaignId").asText());
      assertTrue(first.path("failed").get(0).path("error").asText().contains("injected fault"));
      assertEquals(2, first.path("skipped").asInt(), first.toString());

      JsonNode second = tables.schedule(Clock.offset(clock, Duration.ofHours(1)), null);
      assertEquals(Set.of(running), ids(second.path("evaluated")), "ended is final once");
      assertEquals(3, second.path("skipped").asInt(), second.toString());
      assertEquals(1, second.path("failed").size());

      assertEquals(2, http.get("/campaigns/" + running + "/results").json().path("items").size());
      assertEquals(1, http.get("/campaigns/" + ended + "/results").json().path("items").size());
      assertEquals(404, http.get("/campaigns/" + broken + "/results/latest").status());
      assertEquals(404, http.get("/campaigns/" + endedRecently + "/results/latest").status());
      assertEquals(404, http.get("/campaigns/" + future + "/report").status());
      JsonNode latest = http.get("/campaigns/" + running + "/results/latest").json();
      assertEquals(
          10,
          latest.path("groups").get(0).path("analysed").asLong()
              + latest.path("groups").get(1).path("analysed").asLong());
      assertEquals(302, http.get("/campaigns/" + ended + "/report").status());
      // The marker lives on the campaign item.
      Map<String, AttributeValue> item = tables.campaignItem(ended);
      assertTrue(item.containsKey("finalEvaluatedAt"), item.toString());
    }
  }

  private static Duration days(int d) {
    return Duration.ofDays(d);
  }

  private static Set<String> ids(JsonNode array) {
    Set<String> out = new HashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** A campaign with ten exposed users at {@code exposedAt} (none when null), windowDays 14. */
  private static String create(
      Http http, String prefix, Instant start, Instant end, Instant exposedAt) {
    String id = Campaigns.uniqueId(prefix);
    ObjectNode c = Campaigns.valid();
    c.put("startAt", start.toString());
    if (end == null) {
      c.remove("endAt");
    } else {
      c.put("endAt", end.toString());
    }
    c.put("shards", 2);
    Http.Response put = http.put("/campaigns/" + id, c.toString());
    assertEquals(201, put.status(), put.raw().body());
    if (exposedAt != null) {
      ObjectNode body = Http.JSON.createObjectNode();
      ArrayNode xs = body.putArray("exposures");
      for (int i = 0; i < 10; i++) {
        xs.addObject()
            .put("userId", "s" + i)
            .put("at", exposedAt.plusSeconds(i).toString())
            .put("group", i % 2 == 0 ? "control" : "coupon")
            .putObject("attributes")
            .put("channel", i % 3 == 0 ? "email" : "push");
      }
      Http.Response r = http.post("/campaigns/" + id + "/exposures", body.toString());
      assertEquals(200, r.status(), r.raw().body());
    }
    return id;
  }
}
