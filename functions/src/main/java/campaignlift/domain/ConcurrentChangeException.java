package campaignlift.domain;

import java.util.List;

/**
 * Another request changed the same thing at the same time, more often than the core retries: the
 * client retries the whole request (every write is idempotent).
 */
public final class ConcurrentChangeException extends Refusal {
  private static final long serialVersionUID = 1L;

  public ConcurrentChangeException(String message) {
    super(message, List.of());
  }
}
