package campaignlift.notify;

import java.util.List;

/**
 * Port: puts result events on the event bus. Implemented by the store (EventBridge's PutEvents);
 * failed entries are reported in the outcome, and a call that fails as a whole may throw.
 */
public interface EventPublisher {
  /** Publishes nothing: backends without an event bus (tests, tools). */
  EventPublisher NONE = events -> new Outcome(0, List.of());

  /** Puts {@code events} on the bus, retrying as the implementation documents. */
  Outcome publish(List<ResultEvent> events);

  /** How many events the bus accepted, and each one it did not, with the reason. */
  record Outcome(int published, List<Failure> failures) {
    public Outcome {
      failures = List.copyOf(failures);
    }
  }

  /** An event the bus did not accept. */
  record Failure(String eventId, String detailType, String error) {}
}
