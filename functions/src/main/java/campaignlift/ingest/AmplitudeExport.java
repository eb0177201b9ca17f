package campaignlift.ingest;

import campaignlift.domain.Problem;
import campaignlift.json.Json;
import campaignlift.recording.OutcomeType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * An Amplitude Export API archive (docs/shop-exports.md): a zip of gzipped JSON Lines files, one
 * event per line. The archive is streamed — the zip through {@link ZipInputStream}, each entry
 * through {@link GZIPInputStream} (an entry that is not gzipped is read as it is) — so memory holds
 * one line and one chunk, never an entry or the archive. Decompressed bytes are capped per entry
 * and per archive against zip bombs; passing a cap, or an entry that cannot be read, stops the
 * archive there with the reason in the error report (the events before it are kept). Each event
 * whose type the mapping names becomes that outcome, with event id {@code amplitude:<$insert_id>},
 * so an event exported twice is recorded once.
 */
final class AmplitudeExport implements ShopExport {
  /** Default cap on one entry's decompressed bytes. */
  static final long MAX_ENTRY_BYTES = 1L << 30;

  /** Default cap on the whole archive's decompressed bytes. */
  static final long MAX_ARCHIVE_BYTES = 4L << 30;

  static final String EVENT_ID_PREFIX = "amplitude:";

  /** The prefix of event ids made from Amplitude's {@code uuid} when an event has no insert id. */
  static final String UUID_PREFIX = "amplitude:uuid:";

  private final AmplitudeMapping mapping;
  private final long maxEntryBytes;
  private final long maxArchiveBytes;

  AmplitudeExport(AmplitudeMapping mapping) {
    this(mapping, MAX_ENTRY_BYTES, MAX_ARCHIVE_BYTES);
  }

  AmplitudeExport(AmplitudeMapping mapping, long maxEntryBytes, long maxArchiveBytes) {
    this.mapping = mapping;
    this.maxEntryBytes = maxEntryBytes;
    this.maxArchiveBytes = maxArchiveBytes;
  }

  /** Reads the archive to its end (or its cap) into {@code sink}; answers the import's status. */
  @Override
  public String read(InputStream stream, ImportSink sink) throws IOException {
    // Closing the zip frees its inflater; the object's stream is the caller's to close.
    InputStream unclosed =
        new FilterInputStream(stream) {
          @Override
          public void close() {}
        };
    try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(unclosed, 64 * 1024))) {
      return entries(zip, sink);
    }
  }

  private String entries(ZipInputStream zip, ImportSink sink) throws IOException {
    long left = maxArchiveBytes;
    long files = 0;
    while (true) {
      ZipEntry entry;
      try {
        entry = zip.getNextEntry();
      } catch (ZipException | EOFException | IllegalArgumentException e) {
        // IllegalArgumentException: an entry name that is not valid in the archive's encoding.
        sink.invalid(null, 0, null, List.of(Problem.of("(archive)", unreadable("zip", e))));
        return "imported";
      }
      if (entry == null) {
        if (files == 0) {
          sink.invalid(
              null,
              0,
              null,
              List.of(
                  Problem.of(
                      "(archive)", "holds no file: it is not a zip archive of the Export API")));
        }
        return "imported";
      }
      if (entry.isDirectory()) {
        continue;
      }
      files++;
      boolean archiveCap = left < maxEntryBytes;
      long cap = Math.max(0, Math.min(maxEntryBytes, left));
      CappedInputStream raw = new CappedInputStream(zip, cap, "is stored in");
      CappedInputStream data = null;
      InputStream plain = null;
      long line = 0;
      boolean gzip = false;
      try {
        BufferedInputStream buffered = new BufferedInputStream(raw, 8192);
        buffered.mark(2);
        gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        plain = gzip ? new GZIPInputStream(buffered, 8192) : buffered;
        data = new CappedInputStream(plain, cap, "decompresses to");
        Reader reader = new InputStreamReader(data, StandardCharsets.UTF_8);
        ImportLines lines = new ImportLines(reader, ImportJob.MAX_LINE_CHARS);
        for (ImportLines.Line l = lines.next(); l != null; l = lines.next()) {
          line = l.number();
          event(entry.getName(), l, sink);
        }
      } catch (CappedInputStream.Exceeded e) {
        // Stop here: skipping the rest of a bomb's entry to reach the next one would inflate it.
        sink.invalid(
            entry.getName(),
            line + 1,
            null,
            List.of(
                Problem.of(
                    "(entry)",
                    e.getMessage()
                        + (archiveCap ? " (the archive's cap)" : "")
                        + "; the rest of the archive is not read")));
        return "imported";
      } catch (ZipException | EOFException e) {
        // A broken entry leaves no trustworthy place to read the next one from: stop here too.
        sink.invalid(
            entry.getName(),
            line + 1,
            null,
            List.of(
                Problem.of(
                    "(entry)",
                    unreadable(gzip ? "gzip" : "zip", e)
                        + "; the rest of the archive is not read")));
        return "imported";
      } finally {
        if (plain != null) {
          plain.close(); // frees a gzip inflater; the archive's stream stays open
        }
      }
      left -= Math.max(raw.count(), data == null ? 0 : data.count());
    }
  }

  private static String unreadable(String format, Exception e) {
    return "cannot be read as "
        + format
        + " to its end"
        + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** One line of an entry: an outcome, skipped, ignored or invalid. */
  void event(String entry, ImportLines.Line line, ImportSink sink) throws IOException {
    if (line.text().isBlank()) {
      return;
    }
    String quoted = ImportRun.quote(line.text());
    if (line.tooLong()) {
      sink.invalid(
          entry,
          line.number(),
          quoted,
          List.of(
              Problem.of(
                  "(record)", "is longer than " + ImportJob.MAX_LINE_CHARS + " characters")));
      return;
    }
    JsonNode event;
    try {
      event = Json.read(line.text());
    } catch (Json.Malformed e) {
      sink.invalid(
          entry,
          line.number(),
          quoted,
          List.of(Problem.of("(record)", "is not valid JSON: " + e.getMessage())));
      return;
    }
    if (event == null || !event.isObject()) {
      sink.invalid(
          entry, line.number(), quoted, List.of(Problem.of("(record)", "must be a JSON object")));
      return;
    }
    JsonNode type = event.get("event_type");
    if (type == null || !type.isTextual() || type.asText().isEmpty()) {
      sink.invalid(
          entry, line.number(), quoted, List.of(Problem.of("event_type", "is required (text)")));
      return;
    }
    AmplitudeMapping.Target target = mapping.events().get(type.asText());
    if (target == null) {
      sink.ignored();
      return;
    }
    String userId = text(event.get("user_id"));
    if (userId == null || userId.isEmpty()) {
      sink.skipped(
          entry,
          line.number(),
          quoted,
          List.of(
              Problem.of(
                  "user_id",
                  "is missing: an event without a user id (device_id only) cannot be attributed")));
      return;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> names = new HashMap<>();
    Map<String, String> unreadable = new HashMap<>();
    String insertId = text(event.get("$insert_id"));
    String insertName = "$insert_id";
    if (insertId == null || insertId.isEmpty()) {
      insertId = text(event.get("insert_id"));
      insertName = "insert_id";
    }
    String uuid = text(event.get("uuid"));
    if (insertId != null && !insertId.isEmpty()) {
      fields.put("eventId", EVENT_ID_PREFIX + insertId);
      names.put("eventId", insertName);
    } else if (uuid != null && !uuid.isEmpty()) {
      fields.put("eventId", UUID_PREFIX + uuid);
      names.put("eventId", "uuid");
    } else {
      unreadable.put("eventId", "is missing, and so is uuid: the event cannot be imported once");
      names.put("eventId", "$insert_id");
    }
    fields.put("userId", mapping.userIdPrefix() + userId);
    names.put("userId", "user_id");
    fields.put("type", target.type().wireName());
    String time = text(event.get("event_time"));
    if (time != null) {
      Instant at = ExportTimes.parse(time, ZoneOffset.UTC);
      if (at == null) {
        unreadable.put("at", "must be a time such as 2026-03-02 09:15:00.000000 (UTC) or ISO-8601");
      } else {
        fields.put("at", at.toString());
      }
    }
    names.put("at", "event_time");
    JsonNode properties = event.path("event_properties");
    if (target.type() == OutcomeType.PURCHASE || target.type() == OutcomeType.REFUND) {
      value(event, properties, target, fields, names, unreadable);
    }
    if (target.type() == OutcomeType.SURVEY) {
      fields.put("survey", target.survey().wireName());
      String name = "event_properties." + target.scoreProperty();
      names.put("score", name);
      number(properties.get(target.scoreProperty()), "score", fields, unreadable);
    }
    sink.outcome(entry, line.number(), quoted, s -> new CsvRecord(fields, names, unreadable, s));
  }

  /**
   * The amount: the mapping's property, or else Amplitude's revenue fields — {@code $revenue} (an
   * event property) or {@code revenue}, then {@code $price} × {@code $quantity} or {@code price} ×
   * {@code quantity} (quantity 1 when absent). None: a purchase of no stated value, a refund
   * without its required value.
   */
  private static void value(
      JsonNode event,
      JsonNode properties,
      AmplitudeMapping.Target target,
      Map<String, String> fields,
      Map<String, String> names,
      Map<String, String> unreadable) {
    if (target.valueProperty() != null) {
      names.put("value", "event_properties." + target.valueProperty());
      number(properties.get(target.valueProperty()), "value", fields, unreadable);
      return;
    }
    for (String[] source :
        new String[][] {
          {"event_properties.$revenue", "$revenue"}, {"revenue", "revenue"},
        }) {
      JsonNode v =
          source[0].startsWith("event_properties.")
              ? properties.get(source[1])
              : event.get(source[1]);
      if (v != null && !v.isNull()) {
        names.put("value", source[0]);
        number(v, "value", fields, unreadable);
        return;
      }
    }
    for (String[] source :
        new String[][] {
          {"event_properties.$price", "$price", "$quantity"}, {"price", "price", "quantity"},
        }) {
      JsonNode holder = source[0].startsWith("event_properties.") ? properties : event;
      JsonNode price = holder.get(source[1]);
      if (price != null && !price.isNull()) {
        names.put("value", source[0]);
        BigDecimal p = decimal(price);
        JsonNode q = holder.get(source[2]);
        BigDecimal quantity = q == null || q.isNull() ? BigDecimal.ONE : decimal(q);
        if (p == null || quantity == null) {
          unreadable.put("value", "must be a number (and its quantity too)");
        } else {
          fields.put("value", p.multiply(quantity).toPlainString());
        }
        return;
      }
    }
    names.put("value", "revenue");
  }

  /** Puts a number's text under {@code field}, or why it is not one. */
  private static void number(
      JsonNode v, String field, Map<String, String> fields, Map<String, String> unreadable) {
    if (v == null || v.isNull()) {
      unreadable.put(field, "is missing");
    } else if (v.isNumber() || v.isTextual()) {
      fields.put(field, v.isNumber() ? v.toString() : v.asText());
    } else {
      unreadable.put(field, "must be a number");
    }
  }

  private static BigDecimal decimal(JsonNode v) {
    if (v.isNumber() && !Json.isOutOfRange(v)) {
      return v.decimalValue();
    }
    if (v.isTextual()) {
      JsonNode n = Json.number(v.asText().strip());
      return n == null || Json.isOutOfRange(n) ? null : n.decimalValue();
    }
    return null;
  }

  /** A text or number field as text, or null. */
  private static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    return v.isNumber() && !Json.isOutOfRange(v) ? v.asText() : null;
  }
}
