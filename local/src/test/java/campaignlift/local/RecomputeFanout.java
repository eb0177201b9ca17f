package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import campaignlift.aggregate.Recompute;
import campaignlift.aggregate.RecomputeMode;
import campaignlift.aggregate.RecomputeStatus;
import campaignlift.aggregate.RecomputeTask;
import campaignlift.handler.InvocationContext;
import campaignlift.handler.RecomputeWorkerHandler;
import campaignlift.store.Backend;
import campaignlift.store.DynamoAggregates;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoEnrolmentReader;
import campaignlift.store.DynamoRecomputeParts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * A recompute core on the twin's DynamoDB whose fan-out is captured and delivered by the test, task
 * by task, to the worker handler as the SQS event Lambda sends (the route tests use ElasticMQ and
 * the twin's event source instead; this lets a test choose the order, redeliver, and set the
 * function's remaining time).
 */
record RecomputeFanout(
    Backend backend, Recompute recompute, RecomputeWorkerHandler worker, List<RecomputeTask> sent) {

  static RecomputeFanout create(Backend b) {
    List<RecomputeTask> sent = Collections.synchronizedList(new ArrayList<>());
    Recompute recompute =
        new Recompute(
            new DynamoCampaignRepository(b.dynamo(), b.tables().campaigns()),
            new DynamoEnrolmentReader(b.dynamo(), b.tables().enrolments()),
            new DynamoRecomputeParts(b.dynamo(), b.tables().aggregates()),
            new DynamoAggregates(b.dynamo(), b.tables().aggregates(), java.time.Clock.systemUTC()),
            sent::addAll,
            Clock.systemUTC());
    return new RecomputeFanout(b, recompute, new RecomputeWorkerHandler(recompute), sent);
  }

  /** Delivers one task with Lambda's full 15 minutes ahead; returns the failed message ids. */
  List<String> deliver(RecomputeTask task) throws Exception {
    return deliver(task, 900_000);
  }

  /**
   * Delivers one task as Lambda's SQS event source does, the function having {@code
   * remainingMillis} left; returns the failed message ids.
   */
  List<String> deliver(RecomputeTask task, int remainingMillis) throws Exception {
    ObjectNode event = Http.JSON.createObjectNode();
    ObjectNode record = event.putArray("Records").addObject();
    String messageId = UUID.randomUUID().toString();
    record.put("messageId", messageId);
    record.put("receiptHandle", "handle-" + messageId);
    record.put("body", task.toJson());
    record.putObject("attributes").put("ApproximateReceiveCount", "1");
    record.putObject("messageAttributes");
    record.put("eventSource", "aws:sqs");
    record.put("eventSourceARN", "arn:aws:sqs:eu-west-1:123456789012:RecomputeQueue");
    record.put("awsRegion", "eu-west-1");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    worker.handleRequest(
        new ByteArrayInputStream(Http.JSON.writeValueAsBytes(event)),
        out,
        // A given time left; no logs.
        new InvocationContext(
            messageId,
            "RecomputeWorkerFunction",
            remainingMillis,
            InvocationContext.printingTo(null)));
    List<String> failed = new ArrayList<>();
    for (JsonNode f : Http.JSON.readTree(out.toByteArray()).path("batchItemFailures")) {
      failed.add(f.path("itemIdentifier").asText());
    }
    return failed;
  }

  /** Starts a recompute of {@code campaignId} and delivers its tasks in {@code order}. */
  RecomputeStatus run(String campaignId, RecomputeMode mode, List<Integer> order) throws Exception {
    Recompute.Started started = recompute.start(campaignId, mode);
    List<RecomputeTask> tasks = tasksOf(started.recomputeId());
    assertEquals(started.shards(), tasks.size(), "one task per write shard");
    for (int i : order) {
      assertEquals(List.of(), deliver(tasks.get(i)));
    }
    return recompute.status(campaignId, started.recomputeId()).orElseThrow();
  }

  /** The tasks sent so far for one recompute, by shard and segment. */
  List<RecomputeTask> tasksOf(String recomputeId) {
    List<RecomputeTask> tasks = new ArrayList<>();
    synchronized (sent) {
      sent.stream().filter(t -> t.recomputeId().equals(recomputeId)).forEach(tasks::add);
    }
    tasks.sort(
        (a, b) ->
            a.shard() != b.shard()
                ? Integer.compare(a.shard(), b.shard())
                : Integer.compare(a.segment(), b.segment()));
    return tasks;
  }
}
