package campaignlift.queue;

import java.util.Map;

/**
 * The dead-letter queue of the front door (implemented by {@code store}): where a message that can
 * never be recorded goes, with its reason among its attributes ({@link DeadLetter}).
 */
public interface DeadLetters {
  /**
   * Sends one message; returns once the queue has accepted it.
   *
   * @throws RuntimeException when it could not be sent (the message is then retried)
   */
  void send(String body, Map<String, IngestMessage.Attribute> attributes);
}
