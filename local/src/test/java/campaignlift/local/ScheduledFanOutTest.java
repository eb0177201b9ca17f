package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.evaluation.RunSummary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A scheduled run fans out over the real queue (ElasticMQ) and the SQS event source: of 50 running
 * campaigns, 5 whose enrolment reads always fail (an injected SDK fault) are retried, land in the
 * dead-letter queue after the queue's three receives and are named with their error in the run's
 * summary; the other 45 are evaluated and their results stored (docs/operations.md).
 */
class ScheduledFanOutTest {
  static final int CAMPAIGNS = 50;
  static final int FAILING = 5;

  /** Fails every enrolment query of the campaigns named. */
  static final class FailCampaigns implements ExecutionInterceptor {
    final Set<String> campaignIds = ConcurrentHashMap.newKeySet();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof QueryRequest q) {
        AttributeValue pk = q.expressionAttributeValues().get(":pk");
        if (pk != null && pk.s() != null && pk.s().contains("#")) {
          // An evaluation reads the campaign's aggregates (pk campaign#<id>), or its enrolments
          // (pk <id>#<shard>) while it has none.
          String campaign =
              pk.s().startsWith("campaign#")
                  ? pk.s().substring("campaign#".length())
                  : pk.s().substring(0, pk.s().lastIndexOf('#'));
          if (campaignIds.contains(campaign)) {
            throw new IllegalStateException("injected fault for " + campaign);
          }
        }
      }
    }
  }

  @Test
  void fiftyCampaignsFiveFailingEndInTheDeadLetterQueueAndTheOthersAreEvaluated() throws Exception {
    FailCampaigns faults = new FailCampaigns();
    try (IsolatedTables tables = new IsolatedTables("fan", faults)) {
      Http http = tables.http();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < CAMPAIGNS; i++) {
        ids.add(create(http, now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(30))));
      }
      Set<String> failing = new HashSet<>(ids.subList(10, 10 + FAILING));
      faults.campaignIds.addAll(failing);

      long started = System.nanoTime();
      JsonNode answer = tables.enqueue(Clock.fixed(now, ZoneOffset.UTC), null);
      assertEquals(CAMPAIGNS, answer.path("enqueued").size(), answer.toString());
      assertEquals(0, answer.path("failed").size(), answer.toString());
      String dlq = tables.queueUrl("EvaluationDeadLetterQueue");
      RunSummary summary =
          ScheduledRuns.await(
              tables.backend(),
              tables.queues(),
              tables.queueUrl("EvaluationQueue"),
              answer.path("runId").asText(),
              s -> s.settled() && tables.queues().depth(dlq) == FAILING);
      System.out.printf(
          "ScheduledFanOutTest: %d campaigns evaluated or dead-lettered in %d ms%n",
          CAMPAIGNS, (System.nanoTime() - started) / 1_000_000);

      assertEquals(CAMPAIGNS, summary.start().enqueued());
      Set<String> evaluated = new HashSet<>();
      summary.with(RunSummary.Outcome.EVALUATED).forEach(c -> evaluated.add(c.campaignId()));
      Set<String> others = new HashSet<>(ids);
      others.removeAll(failing);
      assertEquals(others, evaluated, "the 45 others are evaluated");
      Set<String> failed = new HashSet<>();
      for (RunSummary.CampaignOutcome c : summary.with(RunSummary.Outcome.FAILED)) {
        failed.add(c.campaignId());
        assertTrue(c.error().contains("injected fault for " + c.campaignId()), c.toString());
        assertEquals(3, c.attempt(), "failed on its last receive before the DLQ: " + c);
      }
      assertEquals(failing, failed, "the summary names the 5 with their error");

      Set<String> deadLettered = new HashSet<>();
      for (Message m :
          tables
              .queues()
              .client()
              .receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10))
              .messages()) {
        JsonNode body = Http.JSON.readTree(m.body());
        assertEquals(summary.runId(), body.path("runId").asText(), m.body());
        deadLettered.add(body.path("campaignId").asText());
      }
      assertEquals(failing, deadLettered, "the 5 end in the dead-letter queue");

      for (String id : ids) {
        int status = http.get("/campaigns/" + id + "/results/latest").status();
        assertEquals(failing.contains(id) ? 404 : 200, status, id);
      }
    }
  }

  /** A running campaign with six exposed users. */
  private static String create(Http http, Instant start, Instant exposedAt) {
    String id = Campaigns.uniqueId("fan");
    ObjectNode c = Campaigns.valid();
    c.put("startAt", start.toString());
    c.remove("endAt");
    c.put("shards", 2);
    Http.Response put = http.put("/campaigns/" + id, c.toString());
    assertEquals(201, put.status(), put.raw().body());
    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode xs = body.putArray("exposures");
    for (int i = 0; i < 6; i++) {
      xs.addObject()
          .put("userId", "f" + i)
          .put("at", exposedAt.plusSeconds(i).toString())
          .put("group", i % 2 == 0 ? "control" : "coupon");
    }
    Http.Response r = http.post("/campaigns/" + id + "/exposures", body.toString());
    assertEquals(200, r.status(), r.raw().body());
    return id;
  }
}
