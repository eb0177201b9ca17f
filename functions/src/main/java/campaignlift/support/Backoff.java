package campaignlift.support;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * before retry {@code attempt} sleep a uniformly random time in [0, min(cap, base · 2^attempt)].
 * The randomness spreads competing retries apart, so writers that collided once rarely collide
 * again.
 *
 * @param baseMillis the first retry's ceiling is twice this
 * @param capMillis no sleep is longer
 */
public record Backoff(long baseMillis, long capMillis) {
  /** Shifts beyond this would overflow; the cap is reached long before. */
  private static final int MAX_SHIFT = 30;

  public Backoff {
    if (baseMillis < 1 || capMillis < baseMillis) {
      throw new IllegalArgumentException("need 1 <= base <= cap");
    }
  }

  /** The ceiling of the sleep before retry {@code attempt} (1 for the first retry). */
  public long ceilingMillis(int attempt) {
    return Math.min(capMillis, baseMillis << Math.min(Math.max(attempt, 0), MAX_SHIFT));
  }

  /** A random sleep for retry {@code attempt}, in [0, {@link #ceilingMillis}]. */
  public long delayMillis(int attempt) {
    return ThreadLocalRandom.current().nextLong(ceilingMillis(attempt) + 1);
  }

  /**
   * Sleeps before retry {@code attempt}.
   *
   * @throws IllegalStateException when interrupted (the interrupt flag is kept set)
   */
  public void sleep(int attempt) {
    try {
      Thread.sleep(delayMillis(attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
