package campaignlift.notify;

import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Result;
import campaignlift.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the events of a stored evaluation (docs/result-events.md). The evaluation is stored before
 * this runs and stands whatever happens here: events that cannot be built or published are logged
 * (one JSON line on standard error, with the event ids and the reason) and counted, never thrown.
 */
public final class ResultNotifier {
  /** Sends nothing. */
  public static final ResultNotifier NONE = new ResultNotifier(EventPublisher.NONE, "");

  private final EventPublisher publisher;
  private final String bucket;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong notPublished = new AtomicLong();

  /**
   * @param bucket the data bucket, named in the events' S3 links
   */
  public ResultNotifier(EventPublisher publisher, String bucket) {
    this.publisher = publisher;
    this.bucket = bucket;
  }

  /**
   * Publishes the events of {@code stored}.
   *
   * @param previous the headline of the campaign's result stored before it, or null when none
   */
  public void stored(Result stored, Headline previous) {
    if (publisher == EventPublisher.NONE) {
      return;
    }
    List<ResultEvent> events;
    try {
      events = ResultEvents.of(stored, previous, bucket);
    } catch (RuntimeException e) {
      notPublished.incrementAndGet();
      log(stored, List.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
      return;
    }
    EventPublisher.Outcome outcome;
    try {
      outcome = publisher.publish(events);
    } catch (RuntimeException e) {
      List<EventPublisher.Failure> all = new ArrayList<>();
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      events.forEach(
          ev -> all.add(new EventPublisher.Failure(ev.eventId(), ev.detailType(), error)));
      outcome = new EventPublisher.Outcome(0, all);
    }
    published.addAndGet(outcome.published());
    if (!outcome.failures().isEmpty()) {
      notPublished.addAndGet(outcome.failures().size());
      log(stored, outcome.failures(), null);
    }
  }

  /** Events the bus accepted since this notifier was built. */
  public long published() {
    return published.get();
  }

  /** Events that could not be built or published since this notifier was built. */
  public long notPublished() {
    return notPublished.get();
  }

  private static void log(Result stored, List<EventPublisher.Failure> failures, String error) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", "WARN");
    line.put("message", "result events not published");
    line.put("campaignId", stored.campaignId());
    line.put("evaluatedAt", stored.evaluatedAt());
    line.put("notPublished", Math.max(1, failures.size()));
    if (error != null) {
      line.put("error", error);
    }
    List<Map<String, String>> events = new ArrayList<>();
    for (EventPublisher.Failure f : failures) {
      Map<String, String> e = new LinkedHashMap<>();
      e.put("eventId", f.eventId());
      e.put("detailType", f.detailType());
      e.put("error", f.error());
      events.add(e);
    }
    if (!events.isEmpty()) {
      line.put("events", events);
    }
    System.err.println(Json.write(line));
  }
}
