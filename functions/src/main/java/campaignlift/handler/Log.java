package campaignlift.handler;

import campaignlift.json.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logs: one JSON object per line whose keys reach CloudWatch as fields (see
 * docs/operations.md). Never logs request bodies or secrets — only ids, counts, outcomes and, for
 * failures, the exception's message and stack trace.
 *
 * <p>Why bytes: with the template's {@code LogFormat: JSON}, the Lambda Java runtime wraps a {@code
 * String} given to {@code LambdaLogger.log(String, LogLevel)} as an escaped string in its own
 * {@code {"timestamp","level","message","AWSRequestId"}} object, so our fields would be buried in
 * {@code message}. {@code log(byte[], LogLevel)} is passed through unformatted (still filtered by
 * the function's log level) — the path AWS's own log4j2 appender uses — so each line is already the
 * whole JSON object, and we add the timestamp, level and request id ourselves.
 */
final class Log {
  private Log() {}

  static void info(Context context, String message, Map<String, ?> fields) {
    write(context, LogLevel.INFO, message, fields, null);
  }

  static void error(Context context, String message, Map<String, ?> fields) {
    write(context, LogLevel.ERROR, message, fields, null);
  }

  /**
   * An error with its cause: {@code errorType}, {@code errorMessage} and {@code stackTrace} (the
   * names Lambda uses for its own error records), so an operator can debug a 500 from the log.
   */
  static void error(Context context, String message, Map<String, ?> fields, Throwable cause) {
    write(context, LogLevel.ERROR, message, fields, cause);
  }

  /** The log line as a JSON object, without the trailing newline. */
  private static String line(
      Context context, LogLevel level, String message, Map<String, ?> fields, Throwable cause) {
    Map<String, Object> line = new LinkedHashMap<>();
    // The runtime's own JSON lines use this format; ours sort and filter alongside them.
    line.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    line.put("level", level.name());
    line.put("message", message);
    if (context != null && context.getAwsRequestId() != null) {
      line.put("requestId", context.getAwsRequestId());
    }
    line.putAll(fields);
    if (cause != null) {
      line.put("errorType", cause.getClass().getName());
      line.put("errorMessage", String.valueOf(cause.getMessage()));
      StringWriter trace = new StringWriter();
      cause.printStackTrace(new PrintWriter(trace));
      line.put("stackTrace", trace.toString());
    }
    return Json.write(line);
  }

  private static void write(
      Context context, LogLevel level, String message, Map<String, ?> fields, Throwable cause) {
    String json = line(context, level, message, fields, cause);
    if (context != null && context.getLogger() != null) {
      // One event per call; the newline ends the line where the runtime writes to stdout.
      context.getLogger().log((json + "\n").getBytes(StandardCharsets.UTF_8), level);
    } else {
      System.out.println(json);
    }
  }
}
