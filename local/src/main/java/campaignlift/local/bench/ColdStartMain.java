package campaignlift.local.bench;

import campaignlift.handler.InvocationContext;
import com.amazonaws.services.lambda.crac.CheckpointException;
import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.crac.RestoreException;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.JniHelper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * The handler probe, run in a fresh JVM by {@link ColdStartBench} on the deployable jar's class
 * path with the function's environment. Builds the handler with its public no-arg constructor, the
 * one Lambda calls (clients and names from the environment), then:
 *
 * <ul>
 *   <li>{@code cold}: invokes it once on the first event and prints the response's wall-clock time
 *       and the classes loaded by then — no priming, as on an on-demand cold start;
 *   <li>{@code primed}: runs the SnapStart hooks as the Lambda runtime interface client does
 *       ({@code AWSLambda.onInitComplete}: {@code beforeCheckpoint(null)} on its crac context, then
 *       {@code afterRestore(null)}), checks that the function's priming resource ran, then times
 *       the first invocation and the next ones in the same JVM, and lists the AWS calls those
 *       invocations made ({@link CallRecorder}, when the bench put it on the class path).
 * </ul>
 *
 * <p>Arguments: {@code cold|primed}, handler class, the directory of the events ({@code 1.json} for
 * the first invocation, {@code 2.json} … for the next: the bench makes each new, see {@link
 * FreshEvent}), function logical id, warm invocations (primed only), the function's timeout in
 * seconds (every invocation's context reports it as the time left, as Lambda's does at the start).
 * Prints one {@link ProbeLine}.
 */
public final class ColdStartMain {
  /** Where the runtime client's JNI library is, when the bench extracted it (see JniHelper). */
  static final String JNI_PROPERTY =
      "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

  /** The functions' priming resource, looked up by name: the probe must run without it too. */
  static final String PRIMING_CLASS = "campaignlift.handler.Priming";

  /** The time left each invocation's context reports: the function's timeout. */
  private static int timeoutMillis;

  private ColdStartMain() {}

  public static void main(String[] args) throws Exception {
    long main = System.currentTimeMillis();
    String function = args[3];
    timeoutMillis = Integer.parseInt(args[5]) * 1000;
    long t0 = System.nanoTime();
    RequestStreamHandler handler =
        (RequestStreamHandler) Class.forName(args[1]).getConstructor().newInstance();
    long t1 = System.nanoTime();
    if (args[0].equals("cold")) {
      byte[] out = invoke(handler, event(args[2], 1), function, 1);
      long t2 = System.nanoTime();
      long response = System.currentTimeMillis();
      new ProbeLine()
          .put("response", response)
          .putJvm()
          .put("main", main)
          .put("initMs", ms(t1 - t0))
          .put("invokeMs", ms(t2 - t1))
          .put("status", status(out))
          .printAndHalt();
      return;
    }
    ProbeLine line = new ProbeLine().put("initMs", ms(t1 - t0));
    if (System.getProperty(JNI_PROPERTY) != null) {
      // The runtime loads its JNI library when it starts; beforeCheckpoint clears the DNS cache
      // through it.
      try {
        JniHelper.load();
      } catch (UnsatisfiedLinkError notForThisPlatform) {
        // Handled in snapStartHooks: the hooks run all the same.
      }
    }
    long p0 = System.nanoTime();
    String failure = snapStartHooks();
    long p1 = System.nanoTime();
    int primedCount = primedCount();
    line.put("hooksMs", ms(p1 - p0)).put("primedCount", primedCount);
    if (failure != null) {
      line.put("reason", failure);
    } else if (primedCount < 0) {
      line.put("reason", "the functions code has no " + PRIMING_CLASS);
    } else if (primedCount != 1) {
      line.put("reason", primedCount + " priming resources ran beforeCheckpoint, not 1");
    }
    line.put("primed", failure == null && primedCount == 1);

    int warm = Integer.parseInt(args[4]);
    byte[][] events = new byte[warm + 2][];
    for (int n = 1; n <= warm + 1; n++) {
      events[n] = event(args[2], n);
    }
    // The calls of the invocations only, not of the priming (the primed probes only record them).
    CallRecorder.clear();
    long before = classes();
    long f0 = System.nanoTime();
    byte[] out = invoke(handler, events[1], function, 1);
    long f1 = System.nanoTime();
    long after = classes();
    int firstCalls = CallRecorder.made();
    double[] warmMs = new double[warm];
    for (int i = 0; i < warm; i++) {
      long w0 = System.nanoTime();
      invoke(handler, events[i + 2], function, i + 2);
      warmMs[i] = ms(System.nanoTime() - w0);
    }
    StringJoiner warmList = new StringJoiner(",");
    Arrays.stream(warmMs).forEach(w -> warmList.add(Double.toString(w)));
    line.put("firstMs", ms(f1 - f0))
        .put("classesByFirst", after - before)
        .put("warmMs", warmList)
        .put("calls", String.join(",", CallRecorder.calls()))
        .put("callsByFirst", firstCalls)
        .put("callsPerWarm", warm == 0 ? 0 : (double) (CallRecorder.made() - firstCalls) / warm)
        .put("status", status(out))
        .printAndHalt();
  }

  /**
   * What the runtime client does between init and the first invocation when {@code
   * AWS_LAMBDA_INITIALIZATION_TYPE} is {@code snap-start}; null when both hooks succeeded, else why
   * not (in Lambda the init would fail).
   */
  private static String snapStartHooks() {
    try {
      try {
        Core.getGlobalContext().beforeCheckpoint(null);
      } catch (UnsatisfiedLinkError noNativeLibrary) {
        // No JNI library for this platform: the resources' hooks already ran, the native DNS cache
        // clear could not; the context's last step is a GC, done here instead.
        System.gc();
      }
      Core.getGlobalContext().afterRestore(null);
      return null;
    } catch (CheckpointException | RestoreException e) {
      StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
      for (Throwable t : e.getSuppressed()) {
        s.append("; ").append(t);
      }
      return s.toString();
    }
  }

  /** {@code Priming.primedCount()}, or -1 when the functions code has no priming. */
  private static int primedCount() throws ReflectiveOperationException {
    Class<?> priming;
    try {
      priming = Class.forName(PRIMING_CLASS);
    } catch (ClassNotFoundException e) {
      return -1;
    }
    return (Integer) priming.getMethod("primedCount").invoke(null);
  }

  /** The event of invocation {@code n}. */
  private static byte[] event(String dir, int n) throws IOException {
    return Files.readAllBytes(Path.of(dir, n + ".json"));
  }

  private static byte[] invoke(RequestStreamHandler handler, byte[] event, String function, int n)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event),
        out,
        new InvocationContext(
            "cold-start-probe-" + n,
            function,
            timeoutMillis,
            // Standard error, which the bench keeps in a file.
            InvocationContext.printingTo(System.err)));
    return out.toByteArray();
  }

  private static long classes() {
    return ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
  }

  /** The answer's {@code statusCode}; 0 for functions that do not answer HTTP. */
  private static int status(byte[] out) throws IOException {
    JsonNode answer = new ObjectMapper().readTree(out);
    return answer == null ? 0 : answer.path("statusCode").asInt(0);
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
