package campaignlift.handler;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda {@link Context} of an invocation that Lambda's runtime does not make: priming's sample
 * invocation (docs/operations.md, "SnapStart priming"), the local twin's invocations and the
 * cold-start bench's probes. The rest is what Lambda gives a function of that name: its log group,
 * {@code $LATEST}, an ARN in the local account, the template's 1 GB.
 *
 * @param remainingMillis the time left, reported as Lambda reports it when an invocation starts
 * @param logger where the function's log lines go
 */
public record InvocationContext(
    String awsRequestId, String functionName, int remainingMillis, LambdaLogger logger)
    implements Context {
  /** The memory template.yaml gives every function. */
  static final int MEMORY_MB = 1024;

  /**
   * A logger writing each entry as one line to {@code out}, or nowhere when {@code out} is null.
   * Byte entries end their own line, as the runtime expects of them.
   */
  public static LambdaLogger printingTo(PrintStream out) {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        if (out != null) {
          out.println(message);
        }
      }

      @Override
      public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8).stripTrailing());
      }
    };
  }

  @Override
  public String getAwsRequestId() {
    return awsRequestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return awsRequestId;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return remainingMillis;
  }

  @Override
  public int getMemoryLimitInMB() {
    return MEMORY_MB;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
