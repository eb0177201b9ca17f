package campaignlift.local.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda context of one invocation in a cold-start probe, its own logger too: log lines go to
 * standard error, which the bench keeps in a file. A probe class, so it uses only what the
 * deployable jar holds (the twin's {@code LocalContext} is not on the probe's class path).
 */
final class ProbeContext implements Context, LambdaLogger {
  private final String requestId;
  private final String functionName;
  private final int remainingMillis;

  /**
   * @param remainingMillis the time left, reported as it is at the start of an invocation: the
   *     function's timeout
   */
  ProbeContext(String requestId, String functionName, int remainingMillis) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.remainingMillis = remainingMillis;
  }

  @Override
  public void log(String message) {
    System.err.println(message);
  }

  @Override
  public void log(byte[] message) {
    log(new String(message, StandardCharsets.UTF_8).stripTrailing());
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "cold-start-probe";
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
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return this;
  }
}
