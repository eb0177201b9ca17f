package campaignlift.queue;

import campaignlift.campaign.StoredCampaign;
import campaignlift.domain.Refusal;
import campaignlift.recording.BatchParser;
import campaignlift.recording.BatchResult;
import campaignlift.recording.Exposure;
import campaignlift.recording.Outcome;
import campaignlift.recording.Recorder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The SQS front door's core (docs/queue.md): each message of a batch is decoded ({@link
 * IngestMessages}) and judged whole by the API's {@link BatchParser}, then recorded by the same
 * {@link Recorder} — the API's value domain and its exactly-once, so a redelivered message records
 * nothing twice. Each message ends {@link Status#RECORDED}, {@link Status#DEAD_LETTERED} (it can
 * never be recorded as it is: sent to the dead-letter queue with its {@link Rejection}, nothing of
 * it written) or {@link Status#RETRY} (it failed for a reason that may pass — throttling, a fault,
 * a concurrent change — and SQS delivers it again, up to the queue's receive limit).
 *
 * <p>Messages are judged one by one, so a bad one never touches its neighbours. The good ones of a
 * kind (outcomes; exposures of one campaign) are then recorded together, as one batch of the
 * recorder: one dedupe read and one user read for the lot instead of one each per message, which is
 * what makes small messages cheap. If recording them together fails, each is recorded alone, so a
 * record that keeps failing holds back only its own message.
 */
public final class QueueIngest {
  /** Groups of one batch (one kind each) recorded at once; their users are written in parallel. */
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
   * @param request what it asked for (null when it could not be decoded)
   * @param result when recorded: the tally of the messages recorded together with it
   * @param together how many messages were recorded together (this one included)
   * @param rejection why it was dead-lettered (or, with {@link Status#RETRY}, why it should have
   *     been when the dead-letter queue could not be reached)
   * @param cause the failure behind a retry
   */
  public record Handled(
      IngestMessage message,
      Status status,
      IngestRequest request,
      BatchResult result,
      int together,
      Rejection rejection,
      RuntimeException cause) {
    static Handled retry(IngestMessage m, IngestRequest request, RuntimeException cause) {
      return new Handled(m, Status.RETRY, request, null, 0, null, cause);
    }
  }

  /** A message judged good: its typed records, ready to record. */
  private record Judged(
      int index,
      IngestMessage message,
      IngestRequest request,
      StoredCampaign campaign,
      List<Exposure> exposures,
      List<Outcome> outcomes) {}

  private final Recorder recorder;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final ExecutorService pool;

  /**
   * @param pool where groups of messages are recorded, {@link #MESSAGE_CONCURRENCY} at a time (not
   *     the recorder's own pool: a group waits for its users' work)
   */
  public QueueIngest(
      Recorder recorder, DeadLetters deadLetters, Clock clock, ExecutorService pool) {
    this.recorder = recorder;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.pool = pool;
  }

  /**
   * Records every message of a batch; each message's end, in the batch's order.
   *
   * @param timeLeft asked before recording starts: false leaves the messages not yet recorded for a
   *     retry (the invocation would end before they could finish)
   */
  public List<Handled> handle(List<IngestMessage> messages, BooleanSupplier timeLeft) {
    Instant now = clock.instant();
    Handled[] out = new Handled[messages.size()];
    Map<String, StoredCampaign> campaigns = new HashMap<>();
    Map<String, List<Judged>> groups = new LinkedHashMap<>();
    for (int i = 0; i < messages.size(); i++) {
      IngestMessage m = messages.get(i);
      Object judged = judge(i, m, now, campaigns);
      if (judged instanceof Judged j) {
        String group = j.campaign() == null ? "" : j.campaign().campaignId();
        groups.computeIfAbsent(group, k -> new ArrayList<>()).add(j);
      } else {
        out[i] = (Handled) judged;
      }
    }
    List<Future<List<Handled>>> futures = new ArrayList<>();
    for (List<Judged> group : groups.values()) {
      futures.add(pool.submit(() -> recordGroup(group, now, timeLeft)));
    }
    List<List<Judged>> order = new ArrayList<>(groups.values());
    for (int g = 0; g < futures.size(); g++) {
      List<Handled> done;
      try {
        done = futures.get(g).get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        RuntimeException cause =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause());
        done =
            order.get(g).stream().map(j -> Handled.retry(j.message(), j.request(), cause)).toList();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      for (int k = 0; k < done.size(); k++) {
        out[order.get(g).get(k).index()] = done.get(k);
      }
    }
    return List.of(out);
  }

  /**
   * A message judged whole, as the API judges a batch: its typed records, or how it ended (a
   * rejection already dead-lettered, or a retry when the campaign could not be read).
   */
  private Object judge(int index, IngestMessage m, Instant now, Map<String, StoredCampaign> seen) {
    IngestRequest request = null;
    Rejection rejection;
    try {
      request = IngestMessages.decode(m);
      if (request.kind() == IngestKind.EXPOSURES) {
        StoredCampaign c = seen.get(request.campaignId());
        if (c == null) {
          c = recorder.campaignTakingExposures(request.campaignId());
          seen.put(request.campaignId(), c);
        }
        return new Judged(
            index, m, request, c, BatchParser.exposures(request.body(), c.campaign(), now), null);
      }
      return new Judged(index, m, request, null, null, BatchParser.outcomes(request.body(), now));
    } catch (MessageRejected e) {
      rejection = e.rejection();
    } catch (Refusal e) {
      rejection = Rejection.of(e);
      if (rejection == null) {
        return Handled.retry(m, request, e);
      }
    } catch (RuntimeException e) {
      return Handled.retry(m, request, e);
    }
    return deadLetter(m, request, rejection);
  }

  /** Sends a rejected message to the dead-letter queue with its reason. */
  private Handled deadLetter(IngestMessage m, IngestRequest request, Rejection rejection) {
    try {
      deadLetters.send(m.body(), DeadLetter.attributes(m, rejection));
    } catch (RuntimeException e) {
      // Retried: the next receive rejects it again and tries the dead-letter queue again; after
      // the queue's receive limit SQS moves it there itself (its reason then only in the log).
      return new Handled(m, Status.RETRY, request, null, 0, rejection, e);
    }
    return new Handled(m, Status.DEAD_LETTERED, request, null, 0, rejection, null);
  }

  /** One kind's good messages: together when that works, else each alone. */
  private List<Handled> recordGroup(List<Judged> group, Instant now, BooleanSupplier timeLeft) {
    if (group.size() > 1 && timeLeft.getAsBoolean()) {
      try {
        List<Exposure> exposures = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Judged j : group) {
          if (j.exposures() != null) {
            exposures.addAll(j.exposures());
          } else {
            outcomes.addAll(j.outcomes());
          }
        }
        BatchResult r =
            group.get(0).campaign() != null
                ? recorder.exposures(group.get(0).campaign(), exposures, now)
                : recorder.outcomes(outcomes);
        return group.stream()
            .map(
                j ->
                    new Handled(
                        j.message(), Status.RECORDED, j.request(), r, group.size(), null, null))
            .toList();
      } catch (RuntimeException e) {
        // One by one below: what committed counts as duplicates, and a message that fails again
        // fails alone.
      }
    }
    List<Handled> out = new ArrayList<>();
    for (Judged j : group) {
      out.add(timeLeft.getAsBoolean() ? recordOne(j, now) : notStarted(j));
    }
    return out;
  }

  private static Handled notStarted(Judged j) {
    return Handled.retry(
        j.message(),
        j.request(),
        new IllegalStateException("not started: too little of the invocation's time was left"));
  }

  /** One message alone: recorded, dead-lettered (its records no longer fit), or retried. */
  private Handled recordOne(Judged j, Instant now) {
    try {
      BatchResult r =
          j.campaign() != null
              ? recorder.exposures(j.campaign(), j.exposures(), now)
              : recorder.outcomes(j.outcomes());
      return new Handled(j.message(), Status.RECORDED, j.request(), r, 1, null, null);
    } catch (Refusal e) {
      // The campaign's design changed since the message was judged and its exposures no longer
      // fit it: a rejection like any other.
      Rejection rejection = Rejection.of(e);
      return rejection == null
          ? Handled.retry(j.message(), j.request(), e)
          : deadLetter(j.message(), j.request(), rejection);
    } catch (RuntimeException e) {
      return Handled.retry(j.message(), j.request(), e);
    }
  }
}
