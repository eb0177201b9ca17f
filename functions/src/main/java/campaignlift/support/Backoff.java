package campaignlift.support;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * before retry {@code attempt} sleep a uniformly random time in [0, min(cap, base · 2^attempt)].
 * The randomness spreads competing retries apart, so writers that collided once rarely collide
 * again.
 *
 * <p>The jitter comes from one generator seeded from {@link SecureRandom}, which {@link #reseed}
 * replaces after a SnapStart restore (docs/operations.md, "SnapStart priming"): a generator in the
 * snapshot — {@code ThreadLocalRandom}'s seeds of the pool threads priming started included — would
 * draw the same delays in every execution environment restored from it, the very collisions jitter
 * is there to prevent. Retries are rare, so one shared, thread-safe generator costs nothing.
 *
 * @param baseMillis the first retry's ceiling is twice this
 * @param capMillis no sleep is longer
 */
public record Backoff(long baseMillis, long capMillis) {
  /** Shifts beyond this would overflow; the cap is reached long before. */
  private static final int MAX_SHIFT = 30;

  private static volatile Random jitter;

  public Backoff {
    if (baseMillis < 1 || capMillis < baseMillis) {
      throw new IllegalArgumentException("need 1 <= base <= cap");
    }
  }

  /** A new jitter generator, seeded afresh: called after a SnapStart restore. */
  public static void reseed() {
    jitter = new Random(new SecureRandom().nextLong());
  }

  private static Random jitter() {
    Random r = jitter;
    if (r == null) {
      reseed();
      r = jitter;
    }
    return r;
  }

  /** The ceiling of the sleep before retry {@code attempt} (1 for the first retry). */
  public long ceilingMillis(int attempt) {
    return Math.min(capMillis, baseMillis << Math.min(Math.max(attempt, 0), MAX_SHIFT));
  }

  /** A random sleep for retry {@code attempt}, in [0, {@link #ceilingMillis}]. */
  public long delayMillis(int attempt) {
    return jitter().nextLong(ceilingMillis(attempt) + 1);
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
