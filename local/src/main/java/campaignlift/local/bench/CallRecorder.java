package campaignlift.local.bench;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Which AWS calls a primed probe's invocations make: an SDK global interceptor (listed in {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors}, which the SDK reads for every
 * client it builds) that notes each call's service and operation, {@code S3.PutObject}. The bench
 * puts that listing on the class path of the primed probes only, so the timed cold probes and the
 * floors run without it; from the services a function calls it measures that function's floor
 * (BENCHMARKS.md, "The floors of the services called"). A probe class: no nested classes.
 */
public final class CallRecorder implements ExecutionInterceptor {
  /** Where the SDK looks for global interceptors on the class path. */
  static final String LISTING = "software/amazon/awssdk/global/handlers/execution.interceptors";

  private static final Set<String> CALLS = ConcurrentHashMap.newKeySet();

  /** Calls made since the last {@link #clear}, each once however often the SDK retried it. */
  private static final AtomicInteger MADE = new AtomicInteger();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    CALLS.add(
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
            + "."
            + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    MADE.incrementAndGet();
  }

  /** Forgets the calls so far: the probe calls it after priming, before the invocations. */
  static void clear() {
    CALLS.clear();
    MADE.set(0);
  }

  /** How many calls were made since the last {@link #clear}. */
  static int made() {
    return MADE.get();
  }

  /** The calls since the last {@link #clear}, sorted. */
  static SortedSet<String> calls() {
    return new TreeSet<>(CALLS);
  }
}
