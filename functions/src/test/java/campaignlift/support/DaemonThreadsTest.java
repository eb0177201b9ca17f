package campaignlift.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  @Test
  void threadsAreDaemonsCarryingThePoolsName() {
    Thread t = DaemonThreads.named("lift-test").newThread(() -> {});
    assertTrue(t.isDaemon(), "a pool thread must never keep the JVM alive");
    assertEquals("lift-test", t.getName());
  }
}
