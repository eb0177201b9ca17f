package campaignlift.queue;

import campaignlift.campaign.StoredCampaign;
import campaignlift.domain.Refusal;
import campaignlift.recording.BatchParser;
import campaignlift.recording.BatchResult;
import campaignlift.recording.Recorder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The SQS front door's core (docs/queue.md): each message of a batch is decoded ({@link
 * IngestMessages}), judged by the API's {@link BatchParser} and recorded by the same {@link
 * Recorder} — the API's value domain and its exactly-once, so a redelivered message records nothing
 * twice. Messages are independent: each ends {@link Status#RECORDED}, {@link
 * Status#DEAD_LETTERED} (it can never be recorded as it is: sent to the dead-letter queue with its
 * {@link Rejection}, nothing of it written) or {@link Status#RETRY} (it failed for a reason that
 * may pass — throttling, a fault, a concurrent change — and SQS delivers it again, up to the
 * queue's receive limit).
 */
public final class QueueIngest {
  /** Messages of one batch recorded at once; each one's users are written in parallel too. */
  public static final int MESSAGE_CONCURRENCY = 4;

  /** How a message ended. */
  public enum Status {
    RECORDED,
    DEAD_LETTERED,
    RETRY
  }

  /**
   * One message's end.
   *
   * @param request what it asked for (null when it could not be decoded or was not started)
   * @param result its records' tally when recorded
   * @param rejection why it was dead-lettered (or, with {@link Status#RETRY}, why it should have
   *     been when the dead-letter queue could not be reached)
   * @param cause the failure behind a retry
   */
  public record Outcome(
      IngestMessage message,
      Status status,
      IngestRequest request,
      BatchResult result,
      Rejection rejection,
      RuntimeException cause) {}

  private final Recorder recorder;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final ExecutorService pool;

  /**
   * @param pool where messages are recorded, {@link #MESSAGE_CONCURRENCY} at a time (not the
   *     recorder's own pool: a message waits for its users' work)
   */
  public QueueIngest(
      Recorder recorder, DeadLetters deadLetters, Clock clock, ExecutorService pool) {
    this.recorder = recorder;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.pool = pool;
  }

  /**
   * Records every message of a batch; each message's outcome, in the batch's order.
   *
   * @param timeLeft asked before each message is started: false leaves it for a retry (the
   *     invocation would end before it could finish)
   */
  public List<Outcome> handle(List<IngestMessage> messages, BooleanSupplier timeLeft) {
    List<Future<Outcome>> futures = new ArrayList<>();
    for (IngestMessage m : messages) {
      futures.add(
          pool.submit(
              () ->
                  timeLeft.getAsBoolean()
                      ? process(m)
                      : new Outcome(
                          m,
                          Status.RETRY,
                          null,
                          null,
                          null,
                          new IllegalStateException(
                              "not started: too little of the invocation's time was left"))));
    }
    List<Outcome> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      try {
        out.add(futures.get(i).get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        RuntimeException cause =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause());
        out.add(new Outcome(messages.get(i), Status.RETRY, null, null, null, cause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return out;
  }

  /** One message: recorded, dead-lettered with its reason, or left for a retry. */
  Outcome process(IngestMessage m) {
    IngestRequest request = null;
    Rejection rejection;
    try {
      request = IngestMessages.decode(m);
      return new Outcome(m, Status.RECORDED, request, record(request), null, null);
    } catch (MessageRejected e) {
      rejection = e.rejection();
    } catch (Refusal e) {
      rejection = Rejection.of(e);
      if (rejection == null) {
        return new Outcome(m, Status.RETRY, request, null, null, e);
      }
    } catch (RuntimeException e) {
      return new Outcome(m, Status.RETRY, request, null, null, e);
    }
    try {
      deadLetters.send(m.body(), DeadLetter.attributes(m, rejection));
    } catch (RuntimeException e) {
      // Retried: the next receive rejects it again and tries the dead-letter queue again; after
      // the queue's receive limit SQS moves it there itself (its reason then only in the log).
      return new Outcome(m, Status.RETRY, request, null, rejection, e);
    }
    return new Outcome(m, Status.DEAD_LETTERED, request, null, rejection, null);
  }

  /**
   * The API's path for the body: the campaign as it is now, the whole batch judged against it
   * (one bad record refuses it all, nothing written), then recorded.
   */
  private BatchResult record(IngestRequest request) {
    Instant now = clock.instant();
    if (request.kind() == IngestKind.EXPOSURES) {
      StoredCampaign campaign = recorder.campaignTakingExposures(request.campaignId());
      return recorder.exposures(
          campaign, BatchParser.exposures(request.body(), campaign.campaign(), now), now);
    }
    return recorder.outcomes(BatchParser.outcomes(request.body(), now));
  }
}
