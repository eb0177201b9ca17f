package campaignlift.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The store's own log lines for data it skipped or work it left: one JSON object on standard error,
 * which Lambda sends to the function's log group. Carries keys and the reason, never item contents.
 */
final class StoreLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreLog() {}

  static void unreadable(String table, Map<String, String> key, RuntimeException e) {
    warn("unreadable item skipped", table, key, e);
  }

  /** A compaction a read tried and left to the next one (the read's answer is unaffected). */
  static void compactionFailed(String table, String campaignId, RuntimeException e) {
    warn("compaction on read failed", table, Map.of("pk", "campaign#" + campaignId), e);
  }

  private static void warn(String message, String table, Map<String, String> key, Exception e) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("level", "WARN");
    line.put("message", message);
    line.put("table", table);
    line.put("key", key);
    line.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    try {
      System.err.println(JSON.writeValueAsString(line));
    } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
      System.err.println(message + " in " + table);
    }
  }
}
