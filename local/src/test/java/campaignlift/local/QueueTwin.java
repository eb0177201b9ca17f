package campaignlift.local;

import campaignlift.store.Backend;
import campaignlift.store.Queues;
import campaignlift.store.Tables;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The template's queues under a fresh name prefix on the shared twin's ElasticMQ, with the
 * template's SQS event sources polling them and invoking functions on the shared tables: a test
 * sends to its own ingest queue and reads its own dead-letter queue (docs/queue.md).
 */
final class QueueTwin implements AutoCloseable {
  /** A message to send: body and String attributes. */
  record Outgoing(String body, Map<String, String> attributes) {}

  private final TestBackends shared;
  private final Map<String, String> urls;
  private final Backend backend;
  private final SqsEventSources sources;

  /** Per message id of the ingest queue: how often it was handed to the function. */
  final Map<String, Integer> delivered = new java.util.concurrent.ConcurrentHashMap<>();

  /** Per message id of the ingest queue: how often it was left for a retry. */
  final Map<String, Integer> failed = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param visibility the queues' visibility timeout: how soon a message left for a retry returns
   * @param faults null, or an interceptor on every SDK call of the functions
   */
  QueueTwin(String name, Duration visibility, ExecutionInterceptor faults) throws Exception {
    shared = TestBackends.get();
    Template template = shared.template();
    LocalQueues queues = shared.backends().queues();
    urls =
        queues.create(
            template, name + UUID.randomUUID().toString().substring(0, 6) + "-", visibility);
    Map<String, String> env = new HashMap<>(template.environment(LocalBackends.LOCAL_BUCKET, urls));
    backend =
        Backend.create(
                Tables.fromEnvironment(env),
                shared.backends().dynamoEndpoint(),
                shared.backends().s3Endpoint(),
                faults)
            .withQueues(Queues.of(queues.endpoint(), env, faults));
    PrintStream logs = Boolean.getBoolean("lift.test.logs") ? System.err : null;
    sources =
        SqsEventSources.start(
            template,
            new LocalFunctions(template, backend, Clock.systemUTC(), logs),
            queues,
            urls,
            logs,
            (source, batch, failures, inFlight) -> {
              if (source.queueId().equals("IngestQueue")) {
                batch.forEach(m -> delivered.merge(m.messageId(), 1, Integer::sum));
                failures.forEach(id -> failed.merge(id, 1, Integer::sum));
              }
            });
  }

  String url(String queueId) {
    return urls.get(queueId);
  }

  SqsClient sqs() {
    return shared.backends().queues().client();
  }

  /** Sends every message to the ingest queue, ten per call; returns their message ids in order. */
  List<String> send(List<Outgoing> messages) {
    List<String> ids = new ArrayList<>();
    String url = url("IngestQueue");
    for (int i = 0; i < messages.size(); i += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int k = i; k < Math.min(messages.size(), i + 10); k++) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        messages
            .get(k)
            .attributes()
            .forEach(
                (n, v) ->
                    attributes.put(
                        n,
                        MessageAttributeValue.builder().dataType("String").stringValue(v).build()));
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(k - i))
                .messageBody(messages.get(k).body())
                .messageAttributes(attributes)
                .build());
      }
      SendMessageBatchResponse r = sqs().sendMessageBatch(b -> b.queueUrl(url).entries(entries));
      if (!r.failed().isEmpty()) {
        throw new IllegalStateException("ElasticMQ refused " + r.failed());
      }
      String[] batch = new String[entries.size()];
      r.successful().forEach(s -> batch[Integer.parseInt(s.id())] = s.messageId());
      ids.addAll(List.of(batch));
    }
    return ids;
  }

  /**
   * Waits until the ingest queue holds nothing (every message handled: deleted, or moved to the
   * dead-letter queue) and the dead-letter queue holds {@code deadLetters}; fails after {@code
   * timeout}.
   */
  void awaitSettled(long deadLetters, Duration timeout) throws InterruptedException {
    LocalQueues queues = shared.backends().queues();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = queues.depth(url("IngestQueue"));
      long dead = queues.depth(url("IngestDeadLetterQueue"));
      if (left == 0 && dead == deadLetters) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "after "
                + timeout
                + ": "
                + left
                + " left on the ingest queue, "
                + dead
                + " dead-lettered");
      }
      Thread.sleep(100);
    }
  }

  /** Takes every message off the dead-letter queue, with its attributes. */
  List<Message> takeDeadLetters() {
    List<Message> out = new ArrayList<>();
    String url = url("IngestDeadLetterQueue");
    while (true) {
      List<Message> got =
          sqs()
              .receiveMessage(
                  r ->
                      r.queueUrl(url)
                          .maxNumberOfMessages(10)
                          .visibilityTimeout(300)
                          .messageAttributeNames("All")
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      if (got.isEmpty()) {
        return out;
      }
      out.addAll(got);
    }
  }

  @Override
  public void close() {
    sources.close();
    urls.values().forEach(u -> sqs().deleteQueue(r -> r.queueUrl(u)));
    backend.close();
  }
}
