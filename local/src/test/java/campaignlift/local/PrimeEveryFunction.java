package campaignlift.local;

import campaignlift.handler.Priming;
import com.amazonaws.services.lambda.crac.Core;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.JniHelper;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM for {@link SnapStartPrimingTest}: builds every handler named in {@code args} with its
 * no-arg constructor (Lambda's, from the environment), then runs the runtime interface client's own
 * SnapStart hooks once, as {@code AWSLambda.onInitComplete} does, and prints {@code PRIMED
 * <primedCount> <handlers>}. A failed hook prints its exception and exits 1.
 */
public final class PrimeEveryFunction {
  private PrimeEveryFunction() {}

  public static void main(String[] args) {
    int code = 1;
    try {
      // The runtime loads its JNI library at start; beforeCheckpoint clears the DNS cache with it.
      JniHelper.load();
      List<Object> handlers = new ArrayList<>();
      for (String handler : args) {
        handlers.add(Class.forName(handler).getConstructor().newInstance());
      }
      Core.getGlobalContext().beforeCheckpoint(null);
      Core.getGlobalContext().afterRestore(null);
      System.out.println("PRIMED " + Priming.primedCount() + " " + handlers.size());
      code = 0;
    } catch (Throwable t) {
      t.printStackTrace();
      for (Throwable s : t.getSuppressed()) {
        s.printStackTrace();
      }
    }
    System.out.flush();
    System.err.flush();
    // The handlers' pools are daemon threads, but the SDK's may not be: end here.
    Runtime.getRuntime().halt(code);
  }
}
