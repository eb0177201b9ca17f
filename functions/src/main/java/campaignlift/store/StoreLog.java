package campaignlift.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store's own log line for data it skipped: one JSON object on standard error, which Lambda
 * sends to the function's log group. Carries keys and the reason, never item contents.
 */
final class StoreLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreLog() {}

  static void unreadable(String table, Map<String, String> key, RuntimeException e) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", "WARN");
    line.put("message", "unreadable item skipped");
    line.put("table", table);
    line.put("key", key);
    line.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    try {
      System.err.println(JSON.writeValueAsString(line));
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      System.err.println("unreadable item skipped in " + table);
    }
  }
}
