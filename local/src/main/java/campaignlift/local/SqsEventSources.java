package campaignlift.local;

import campaignlift.support.DaemonThreads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS event source mapping, played locally for every {@code Events: Type: SQS} of the
 * template: pollers long-poll the queue (ReceiveMessage, up to the batch size), invoke the function
 * with the event Lambda sends ({@code {"Records": [{"messageId", "receiptHandle", "body",
 * "attributes", "messageAttributes", "md5OfBody", "eventSource": "aws:sqs", "eventSourceARN",
 * "awsRegion"}]}}), and delete the messages that succeeded. A function that throws fails its whole
 * batch; with {@code ReportBatchItemFailures} the ids in its {@code batchItemFailures} answer fail
 * and the rest succeed (an answer naming an id not in the batch fails the batch, as in AWS). Failed
 * messages are left alone: they reappear after the queue's visibility timeout, and the queue's
 * redrive policy (ElasticMQ) moves them to the dead-letter queue after {@code maxReceiveCount}.
 */
public final class SqsEventSources implements AutoCloseable {
  /** Pollers per event source: Lambda starts with five; two suffice on a 2-core machine. */
  public static final int POLLERS = Integer.getInteger("lift.sqs.pollers", 2);

  /** Long-poll wait: short, so closing never waits long. */
  static final int WAIT_SECONDS = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Told of every batch handled (e.g. to print a run's summary once its queue is idle). */
  public interface Listener {
    /**
     * @param failed the message ids left on the queue for a retry
     * @param inFlight batches of this source still being handled elsewhere
     */
    void handled(Template.QueueEvent source, List<Message> batch, Set<String> failed, int inFlight);
  }

  private final ExecutorService pollers;
  private volatile boolean stopped;
  private volatile boolean held;

  /** Pollers between starting a receive and finishing what it received. */
  private final AtomicInteger busy = new AtomicInteger();

  private SqsEventSources(ExecutorService pollers) {
    this.pollers = pollers;
  }

  /**
   * Starts polling for each of the template's SQS event sources.
   *
   * @param urls queue logical id to URL (from {@link LocalQueues#create})
   * @param logs where failed invocations are reported (null: nowhere)
   * @param listener null, or told of every batch
   */
  public static SqsEventSources start(
      Template template,
      LocalFunctions functions,
      LocalQueues queues,
      Map<String, String> urls,
      PrintStream logs,
      Listener listener) {
    List<Template.QueueEvent> sources = template.queueEvents();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, sources.size() * POLLERS), DaemonThreads.named("lift-sqs-poller"));
    SqsEventSources started = new SqsEventSources(pool);
    for (Template.QueueEvent source : sources) {
      String url = urls.get(source.queueId());
      if (url == null) {
        throw new IllegalStateException(
            source.functionId() + " reads queue " + source.queueId() + ", which was not created");
      }
      String arn = queues.arn(url);
      AtomicInteger inFlight = new AtomicInteger();
      for (int i = 0; i < POLLERS; i++) {
        pool.submit(
            () ->
                started.poll(
                    source, functions, queues.client(), url, arn, logs, listener, inFlight));
      }
    }
    return started;
  }

  private void poll(
      Template.QueueEvent source,
      LocalFunctions functions,
      SqsClient sqs,
      String url,
      String arn,
      PrintStream logs,
      Listener listener,
      AtomicInteger inFlight) {
    while (!stopped) {
      if (held) {
        pause();
        continue;
      }
      busy.incrementAndGet();
      try {
        pollOnce(source, functions, sqs, url, arn, logs, listener, inFlight);
      } finally {
        busy.decrementAndGet();
      }
    }
  }

  /**
   * Holds the pollers (true: no batch is received until released; one already received is still
   * handled) or releases them. Tests that measure something about the twin's JVM hold the queues so
   * that no background evaluation or recording runs beside them, as they hold the stream.
   */
  public void hold(boolean on) {
    held = on;
  }

  /** Waits until no poller is receiving or handling a batch (after {@link #hold}). */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (busy.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the queue pollers were still busy after " + timeout);
      }
      Thread.sleep(50);
    }
  }

  /** One receive, and the handling of what it returned. */
  private void pollOnce(
      Template.QueueEvent source,
      LocalFunctions functions,
      SqsClient sqs,
      String url,
      String arn,
      PrintStream logs,
      Listener listener,
      AtomicInteger inFlight) {
    List<Message> batch;
    try {
      batch =
          sqs.receiveMessage(
                  r ->
                      r.queueUrl(url)
                          .maxNumberOfMessages(Math.min(10, source.batchSize()))
                          .waitTimeSeconds(WAIT_SECONDS)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                          .messageAttributeNames("All"))
              .messages();
    } catch (RuntimeException e) {
      if (stopped) {
        return;
      }
      log(logs, source, "could not receive: " + e);
      pause();
      return;
    }
    if (batch.isEmpty()) {
      return;
    }
    inFlight.incrementAndGet();
    Set<String> failed;
    try {
      failed = invoke(source, functions, batch, arn, logs);
      List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
      for (Message m : batch) {
        if (!failed.contains(m.messageId())) {
          done.add(
              DeleteMessageBatchRequestEntry.builder()
                  .id(m.messageId())
                  .receiptHandle(m.receiptHandle())
                  .build());
        }
      }
      if (!done.isEmpty()) {
        sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(done));
      }
    } catch (RuntimeException e) {
      if (stopped) {
        return;
      }
      log(logs, source, "could not delete handled messages: " + e);
      Set<String> all = new HashSet<>();
      batch.forEach(m -> all.add(m.messageId()));
      failed = all;
    } finally {
      inFlight.decrementAndGet();
    }
    if (listener != null) {
      try {
        listener.handled(source, batch, failed, inFlight.get());
      } catch (RuntimeException e) {
        log(logs, source, "listener failed: " + e);
      }
    }
  }

  /** Invokes the function on one batch; returns the ids of the messages that failed. */
  private static Set<String> invoke(
      Template.QueueEvent source,
      LocalFunctions functions,
      List<Message> batch,
      String arn,
      PrintStream logs) {
    Set<String> all = new LinkedHashSet<>();
    batch.forEach(m -> all.add(m.messageId()));
    JsonNode answer;
    try {
      byte[] out = functions.invoke(source.functionId(), event(batch, arn));
      answer = out.length == 0 ? JSON.nullNode() : JSON.readTree(out);
    } catch (Exception e) {
      log(logs, source, "invocation failed, the batch is retried: " + e);
      return all;
    }
    if (!source.reportsItemFailures()) {
      return Set.of();
    }
    Set<String> failed = new LinkedHashSet<>();
    for (JsonNode f : answer.path("batchItemFailures")) {
      String id = f.path("itemIdentifier").asText("");
      if (!all.contains(id)) {
        log(logs, source, "batchItemFailures names " + id + ", not in the batch: all retried");
        return all;
      }
      failed.add(id);
    }
    return failed;
  }

  /** The event Lambda's SQS event source sends. */
  static byte[] event(List<Message> batch, String arn) throws java.io.IOException {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    String region = arn.split(":", -1).length > 3 ? arn.split(":", -1)[3] : "";
    for (Message m : batch) {
      ObjectNode r = records.addObject();
      r.put("messageId", m.messageId());
      r.put("receiptHandle", m.receiptHandle());
      r.put("body", m.body());
      ObjectNode attributes = r.putObject("attributes");
      m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
      ObjectNode messageAttributes = r.putObject("messageAttributes");
      m.messageAttributes()
          .forEach(
              (k, v) -> {
                ObjectNode a = messageAttributes.putObject(k);
                if (v.binaryValue() != null) {
                  // As Lambda sends a Binary attribute: base64.
                  a.put("binaryValue", v.binaryValue().asByteArray());
                } else {
                  a.put("stringValue", v.stringValue());
                }
                a.putArray("stringListValues");
                a.putArray("binaryListValues");
                a.put("dataType", v.dataType());
              });
      r.put("md5OfBody", m.md5OfBody());
      r.put("eventSource", "aws:sqs");
      r.put("eventSourceARN", arn);
      r.put("awsRegion", region);
    }
    return JSON.writeValueAsBytes(event);
  }

  private static void log(PrintStream logs, Template.QueueEvent source, String message) {
    if (logs != null) {
      logs.println(
          "sqs event source " + source.queueId() + " -> " + source.functionId() + ": " + message);
    }
  }

  private void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }

  @Override
  public void close() {
    stopped = true;
    pollers.shutdownNow();
    try {
      pollers.awaitTermination(WAIT_SECONDS + 5L, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
