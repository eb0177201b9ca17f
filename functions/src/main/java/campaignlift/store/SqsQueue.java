package campaignlift.store;

import campaignlift.support.Backoff;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * One SQS queue to send to. {@link #send} uses SendMessageBatch (at most {@link #BATCH} messages
 * and {@link #MAX_BATCH_BYTES} per call, SQS's limits) and resends the entries a batch reports as
 * failed, with backoff; an entry refused for the sender's fault, or still failing after {@link
 * #MAX_ATTEMPTS}, fails the call (the caller's own retry sends the run again).
 */
public record SqsQueue(SqsClient sqs, String url) {
  /** SendMessageBatch takes at most ten entries. */
  public static final int BATCH = 10;

  /** ... and at most 256 KiB of bodies in all. */
  static final int MAX_BATCH_BYTES = 256 * 1024;

  /** Attempts per entry (first send included). */
  public static final int MAX_ATTEMPTS = 6;

  private static final Backoff BACKOFF = new Backoff(25, 1_000);

  /** Sends every body, in batches; returns when SQS has accepted all of them. */
  public void send(List<String> bodies) {
    List<String> batch = new ArrayList<>();
    int bytes = 0;
    for (String body : bodies) {
      int size = body.getBytes(StandardCharsets.UTF_8).length;
      if (!batch.isEmpty() && (batch.size() == BATCH || bytes + size > MAX_BATCH_BYTES)) {
        sendBatch(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(body);
      bytes += size;
    }
    if (!batch.isEmpty()) {
      sendBatch(batch);
    }
  }

  private void sendBatch(List<String> bodies) {
    List<SendMessageBatchRequestEntry> pending = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      pending.add(
          SendMessageBatchRequestEntry.builder()
              .id(Integer.toString(i))
              .messageBody(bodies.get(i))
              .build());
    }
    for (int attempt = 1; ; attempt++) {
      List<SendMessageBatchRequestEntry> sending = pending;
      SendMessageBatchResponse response =
          sqs.sendMessageBatch(r -> r.queueUrl(url).entries(sending));
      if (response.failed().isEmpty()) {
        return;
      }
      List<String> failedIds = new ArrayList<>();
      for (BatchResultErrorEntry e : response.failed()) {
        if (Boolean.TRUE.equals(e.senderFault()) || attempt >= MAX_ATTEMPTS) {
          throw new IllegalStateException(
              "SQS refused message "
                  + e.id()
                  + " of a batch to "
                  + url
                  + " after "
                  + attempt
                  + " attempt(s): "
                  + e.code()
                  + " "
                  + e.message());
        }
        failedIds.add(e.id());
      }
      pending = sending.stream().filter(e -> failedIds.contains(e.id())).toList();
      BACKOFF.sleep(attempt);
    }
  }
}
