package campaignlift.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the import did with one object. Every data line is counted exactly once: {@code lines =
 * accepted + duplicates + conflicts + refused + invalid + skipped}. Carries counts and names only,
 * never line contents, so it can be logged.
 *
 * @param kind {@code "exposures"}, {@code "outcomes"}, {@code "ec-cube"} or {@code "amplitude"}
 *     (docs/shop-exports.md); null when the key is none of them
 * @param status {@code imported} (read to the end; bad lines are in {@code errorsKey}), {@code
 *     ignored} (an error report written by the import itself), {@code skipped} (not an import key,
 *     or a key with an empty, {@code .} or {@code ..} segment: never read), {@code unsupported}
 *     (not .jsonl, .ndjson or .csv; for shop exports not .csv or .zip), {@code missing} (no such
 *     object) or {@code rejected} (a CSV header the import cannot map, or a shop export's mapping
 *     that cannot be used; no line read or counted, the reason in {@code errorsKey})
 * @param skipped records a shop export holds that are left out on purpose (a guest order, an event
 *     type the mapping does not name); 0 for our own formats
 * @param errorsKey the error report beside the file, or null when every line was good (a report
 *     left by an earlier version of the file is then deleted)
 * @param message why a file was not imported; absent for {@code imported}
 */
public record ImportReport(
    String key,
    String kind,
    String status,
    long lines,
    long accepted,
    long duplicates,
    long conflicts,
    long refused,
    long invalid,
    long skipped,
    String errorsKey,
    String message) {

  /**
   * The report as the function answers and logs it, in this order: {@code key, kind, status, lines,
   * accepted, duplicates, conflicts, refused, invalid, skipped, errorsKey} and {@code message} when
   * there is one. Spelled out rather than left to the mapper's reading of the record, whose first
   * bean introspection costs a cold start some 30 ms.
   */
  public Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("key", key);
    f.put("kind", kind);
    f.put("status", status);
    f.put("lines", lines);
    f.put("accepted", accepted);
    f.put("duplicates", duplicates);
    f.put("conflicts", conflicts);
    f.put("refused", refused);
    f.put("invalid", invalid);
    f.put("skipped", skipped);
    f.put("errorsKey", errorsKey);
    if (message != null) {
      f.put("message", message);
    }
    return f;
  }

  /** An S3 event record without a bucket name or a decodable key. */
  public static ImportReport malformed(String key) {
    return notImported(
        key, null, "skipped", "The S3 event record has no bucket name or no valid object key.");
  }

  static ImportReport notImported(String key, String kind, String status, String message) {
    return new ImportReport(key, kind, status, 0, 0, 0, 0, 0, 0, 0, null, message);
  }
}
