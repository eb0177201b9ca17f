package campaignlift.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda context of one local invocation; logs go to a stream (or nowhere), one line per entry.
 */
public final class LocalContext implements Context {
  private final String requestId;
  private final String functionName;
  private final LambdaLogger logger;

  public LocalContext(String requestId, String functionName, PrintStream logs) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            if (logs != null) {
              logs.println(message);
            }
          }

          @Override
          public void log(byte[] message) {
            // Byte messages end their own line, as the Lambda runtime expects of them.
            log(new String(message, StandardCharsets.UTF_8).stripTrailing());
          }
        };
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
    return "local";
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
    return 900_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
