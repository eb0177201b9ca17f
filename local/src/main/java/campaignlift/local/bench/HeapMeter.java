package campaignlift.local.bench;

import campaignlift.support.DaemonThreads;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap used by this JVM while something runs, above a baseline taken after {@code System.gc()}:
 * {@code peakUsed} is the highest used heap seen (a 2 ms sampling thread plus the before-GC figure
 * of every GC notification — garbage included); {@code peakLive} is the highest heap left after a
 * GC during the run. With {@code forceGc} the sampler also runs a full GC every second (or four
 * times the last one's length, if longer), so {@code peakLive} is measured at every size (that pass
 * is not timed).
 */
final class HeapMeter implements AutoCloseable {
  record Peak(double usedMb, double liveMb, int gcs) {}

  private static final double MB = 1024.0 * 1024.0;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final long baseline;
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakLive = new AtomicLong();
  private final AtomicLong gcs = new AtomicLong();
  private final List<Runnable> unregister = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;

  HeapMeter(boolean forceGc) {
    System.gc();
    System.gc();
    baseline = memory.getHeapMemoryUsage().getUsed();
    NotificationListener listener = this::onGc;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        unregister.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (javax.management.ListenerNotFoundException e) {
                // already gone
              }
            });
      }
    }
    sampler =
        DaemonThreads.named("bench-heap-sampler")
            .newThread(
                () -> {
                  long nextGc = System.nanoTime() + 1_000_000_000L;
                  while (running) {
                    peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    if (forceGc && System.nanoTime() >= nextGc) {
                      long began = System.nanoTime();
                      System.gc();
                      long took = System.nanoTime() - began;
                      // At least four times the GC's own length between two: at 10^6 a full GC of
                      // gigabytes live takes seconds, and one a second starved DynamoDB Local
                      // (in this JVM) until its requests timed out.
                      nextGc = System.nanoTime() + Math.max(1_000_000_000L, 4 * took);
                    }
                    try {
                      Thread.sleep(2);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    sampler.start();
  }

  private void onGc(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    gcs.incrementAndGet();
    peakUsed.accumulateAndGet(sum(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
    peakLive.accumulateAndGet(sum(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
  }

  /** Heap pools only (the GC info also lists non-heap pools such as Metaspace). */
  private static long sum(Map<String, MemoryUsage> pools) {
    long total = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP
          && pools.containsKey(pool.getName())) {
        total += pools.get(pool.getName()).getUsed();
      }
    }
    return total;
  }

  Peak stop() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    return new Peak(
        Math.max(0, peakUsed.get() - baseline) / MB,
        Math.max(0, peakLive.get() - baseline) / MB,
        (int) gcs.get());
  }

  @Override
  public void close() {
    running = false;
    unregister.forEach(Runnable::run);
    unregister.clear();
  }
}
