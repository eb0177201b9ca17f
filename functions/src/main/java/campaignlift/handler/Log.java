package campaignlift.handler;

import campaignlift.http.Json;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logs: one JSON object per line (the template sets Lambda's JSON log format). Never
 * logs request bodies or secrets (SPEC §9) — only ids, counts and outcomes.
 */
final class Log {
  private Log() {}

  static void info(Context context, String message, Map<String, ?> fields) {
    write(context, LogLevel.INFO, message, fields);
  }

  static void error(Context context, String message, Map<String, ?> fields) {
    write(context, LogLevel.ERROR, message, fields);
  }

  private static void write(
      Context context, LogLevel level, String message, Map<String, ?> fields) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", level.name());
    line.put("message", message);
    if (context != null && context.getAwsRequestId() != null) {
      line.put("requestId", context.getAwsRequestId());
    }
    line.putAll(fields);
    String json = Json.write(line);
    if (context != null && context.getLogger() != null) {
      context.getLogger().log(json, level);
    } else {
      System.out.println(json);
    }
  }
}
