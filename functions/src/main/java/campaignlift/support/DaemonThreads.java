package campaignlift.support;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for I/O pools that must never keep the JVM alive: a Lambda instance is frozen, not shut
 * down, and the local twin exits while an abandoned invocation may still run.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads, each called {@code name} (thread dumps show the pool). */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
