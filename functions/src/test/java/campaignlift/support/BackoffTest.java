package campaignlift.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void theCeilingDoublesPerAttemptUntilTheCap() {
    Backoff b = new Backoff(10, 500);
    assertEquals(20, b.ceilingMillis(1));
    assertEquals(40, b.ceilingMillis(2));
    assertEquals(320, b.ceilingMillis(5));
    assertEquals(500, b.ceilingMillis(6));
    assertEquals(
        500, b.ceilingMillis(1_000), "a large attempt neither overflows nor passes the cap");
  }

  @Test
  void delaysAreSpreadOverTheWholeRangeFromZeroToTheCeiling() {
    // Full jitter: competing retries must not wake together, so the delays cover [0, ceiling].
    Backoff b = new Backoff(2, 200);
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      long d = b.delayMillis(3);
      assertTrue(d >= 0 && d <= 16, "delay " + d + " outside [0, 16]");
      seen.add(d);
    }
    assertEquals(17, seen.size(), "every millisecond in [0, 16] occurs: " + seen);
  }

  @Test
  void aReseededJitterDrawsAnotherSequence() {
    // After a SnapStart restore each execution environment reseeds, so environments restored from
    // one snapshot do not sleep in step. Two reseeds giving the same 8 draws of 2^30 values each
    // would be a one-in-2^240 event.
    Backoff b = new Backoff(1, 1L << 30);
    Backoff.reseed();
    List<Long> first = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      first.add(b.delayMillis(30));
    }
    Backoff.reseed();
    List<Long> second = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      second.add(b.delayMillis(30));
    }
    assertNotEquals(first, second);
  }

  @Test
  void anInterruptedSleepFailsAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThrows(IllegalStateException.class, () -> new Backoff(1000, 1000).sleep(1));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aCapBelowTheBaseIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(10, 5));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 5));
  }
}
