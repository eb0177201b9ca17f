package campaignlift.local;

import campaignlift.handler.InvocationContext;
import com.amazonaws.services.lambda.runtime.Context;
import java.io.PrintStream;

/** The Lambda context of one local invocation: 15 minutes left, logs to a stream (or nowhere). */
public final class LocalContext {
  /** The twin's time left for every invocation: Lambda's longest timeout. */
  static final int REMAINING_MILLIS = 900_000;

  private LocalContext() {}

  public static Context of(String requestId, String functionName, PrintStream logs) {
    return new InvocationContext(
        requestId, functionName, REMAINING_MILLIS, InvocationContext.printingTo(logs));
  }
}
