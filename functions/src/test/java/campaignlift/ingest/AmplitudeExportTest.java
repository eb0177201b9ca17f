package campaignlift.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.json.Json;
import campaignlift.recording.Outcome;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.SurveyKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Amplitude Export API archives (docs/shop-exports.md): a zip of gzipped JSON Lines files, events
 * shaped as the Export API documents them ({@code $insert_id}, {@code event_type}, {@code user_id},
 * {@code event_time} as {@code 2026-03-02 09:05:00.000000} UTC, {@code event_properties}, …).
 */
class AmplitudeExportTest {
  static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");

  static final String MAPPING =
      "{\"events\": {\"Order Completed\": \"purchase\", \"Plan Bought\": {\"type\": \"purchase\","
          + " \"valueProperty\": \"amount\"}, \"Sign Up\": \"signup\", \"NPS Answered\": {\"type\":"
          + " \"survey\", \"survey\": \"nps\", \"scoreProperty\": \"score\"}, \"Refund Issued\":"
          + " {\"type\": \"refund\", \"valueProperty\": \"amount\"}, \"Churned\": \"cancellation\"},"
          + " \"userIdPrefix\": \"amp-\"}";

  static String event(String insertId, String userId, String type, String time, String props) {
    return "{\"$insert_id\": "
        + (insertId == null ? "null" : "\"" + insertId + "\"")
        + ", \"amplitude_id\": 123456789012, \"device_id\": \"d-1\", \"event_type\": \""
        + type
        + "\", \"event_time\": \""
        + time
        + "\", \"user_id\": "
        + (userId == null ? "null" : "\"" + userId + "\"")
        + ", \"uuid\": \"uuid-"
        + insertId
        + "\", \"event_properties\": "
        + props
        + ", \"user_properties\": {\"plan\": \"basic\"}}";
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  static CollectingSink read(byte[] archive, AmplitudeExport export) throws Exception {
    CollectingSink sink = new CollectingSink(NOW);
    assertEquals("imported", export.read(new ByteArrayInputStream(archive), sink));
    return sink;
  }

  static AmplitudeMapping mapping() throws Exception {
    return AmplitudeMapping.of(Json.read(MAPPING));
  }

  static AmplitudeExport export() throws Exception {
    return new AmplitudeExport(mapping());
  }

  @Test
  void duplicateInsertIdsWithinAndAcrossEntriesGiveOneEventIdEach() throws Exception {
    String hour9 =
        String.join(
            "\n",
            event("i-1", "u1", "Sign Up", "2026-03-02 09:01:10.123000", "{}"),
            event(
                "i-2",
                "u1",
                "Order Completed",
                "2026-03-02 09:05:00.000000",
                "{\"$revenue\": 19.99, \"$price\": 19.99, \"$quantity\": 1}"),
            event(
                "i-2",
                "u1",
                "Order Completed",
                "2026-03-02 09:05:00.000000",
                "{\"$revenue\": 19.99, \"$price\": 19.99, \"$quantity\": 1}"),
            event("i-3", "u2", "[Amplitude] Start Session", "2026-03-02 09:06:00.000000", "{}"),
            event("i-4", null, "Sign Up", "2026-03-02 09:07:00.000000", "{}"),
            "{\"event_type\": \"Sign Up\", \"user_id\": ",
            "");
    String hour10 =
        String.join(
            "\n",
            event("i-5", "u2", "NPS Answered", "2026-03-02 10:15:00.000000", "{\"score\": 9}"),
            event(
                "i-2",
                "u1",
                "Order Completed",
                "2026-03-02 09:05:00.000000",
                "{\"$revenue\": 19.99}"),
            event(
                "i-6",
                "u2",
                "Plan Bought",
                "2026-03-02 10:20:00.000000",
                "{\"amount\": \"12.50\"}"),
            event(
                "i-7",
                "u2",
                "Order Completed",
                "2026-03-02 10:21:00.000000",
                "{\"$price\": 4.5, \"$quantity\": 3}"),
            event("i-8", "u1", "Refund Issued", "2026-03-02 10:45:00.000000", "{\"amount\": 5}"),
            event("i-9", "u1", "Churned", "2026-03-02 11:00:00.000000", "{}"));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("187520/", new byte[0]);
    entries.put("187520/187520_2026-03-02_9#0.json.gz", gzip(hour9));
    entries.put("187520/187520_2026-03-02_10#0.json.gz", gzip(hour10));
    CollectingSink sink = read(zip(entries), export());

    assertEquals(12, sink.lines, "blank lines are not lines");
    assertEquals(
        List.of(
            "amplitude:i-1",
            "amplitude:i-2",
            "amplitude:i-2",
            "amplitude:i-5",
            "amplitude:i-2",
            "amplitude:i-6",
            "amplitude:i-7",
            "amplitude:i-8",
            "amplitude:i-9"),
        sink.outcomes.stream().map(Outcome::eventId).toList());
    assertEquals(7, sink.distinctEventIds().size(), "i-2 three times is one event");
    Outcome signup = sink.outcomes.get(0);
    assertEquals("amp-u1", signup.userId());
    assertEquals(OutcomeType.SIGNUP, signup.type());
    assertEquals(Instant.parse("2026-03-02T09:01:10.123Z"), signup.at());
    Outcome purchase = sink.outcomes.get(1);
    assertEquals(0, new BigDecimal("19.99").compareTo(purchase.value()));
    Outcome nps = sink.outcomes.get(3);
    assertEquals(SurveyKind.NPS, nps.survey());
    assertEquals(9, nps.score());
    assertEquals(0, new BigDecimal("12.5").compareTo(sink.outcomes.get(5).value()));
    assertEquals(0, new BigDecimal("13.5").compareTo(sink.outcomes.get(6).value()), "4.5 × 3");
    Outcome refund = sink.outcomes.get(7);
    assertEquals(OutcomeType.REFUND, refund.type());
    assertEquals(0, new BigDecimal("5").compareTo(refund.value()));
    assertEquals(OutcomeType.CANCELLATION, sink.outcomes.get(8).type());

    assertEquals(1, sink.ignored, "the unmapped [Amplitude] Start Session is counted only");
    assertEquals(1, sink.skipped.size());
    assertEquals("user_id", sink.skipped.get(0).field());
    assertEquals("187520/187520_2026-03-02_9#0.json.gz", sink.skipped.get(0).entry());
    assertEquals(5, sink.skipped.get(0).line());
    assertEquals(1, sink.invalid.size());
    assertEquals(6, sink.invalid.get(0).line());
    assertTrue(sink.invalid.get(0).problem().contains("not valid JSON"));
  }

  @Test
  void problemsNameAmplitudesFields() throws Exception {
    String lines =
        String.join(
            "\n",
            event("i-1", "u1", "NPS Answered", "2026-03-02 10:15:00", "{\"score\": 11}"),
            event("i-2", "u1", "Plan Bought", "2026-03-02 10:15:00", "{}"),
            event("i-3", "u1", "Sign Up", "last tuesday", "{}"),
            event(null, "u1", "Sign Up", "2026-03-02 10:15:00", "{}")
                .replace("\"uuid-null\"", "null"),
            event(null, "u1", "Churned", "2026-03-02 10:16:00", "{}"));
    CollectingSink sink = read(zip(Map.of("e.json.gz", gzip(lines))), export());
    assertEquals(
        List.of("event_properties.score", "event_properties.amount", "event_time", "$insert_id"),
        sink.invalid.stream().map(CollectingSink.Reported::field).toList());
    // Without an insert id, Amplitude's own uuid identifies the event.
    assertEquals(List.of("amplitude:uuid:uuid-null"), sink.distinctEventIds());
  }

  @Test
  void anEntryPastTheCapStopsTheArchiveWithItsReason() throws Exception {
    // 8 MB of one repeated line compresses to a few KB: a small zip bomb against a 1 MB cap.
    StringBuilder big = new StringBuilder();
    String line = event("b-1", "u1", "Sign Up", "2026-03-02 10:15:00", "{}") + "\n";
    while (big.length() < 8 << 20) {
      big.append(line);
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a.json.gz", gzip(event("a-1", "u1", "Churned", "2026-03-02 10:15:00", "{}")));
    entries.put("bomb.json.gz", gzip(big.toString()));
    entries.put("c.json.gz", gzip(event("c-1", "u1", "Churned", "2026-03-02 10:15:00", "{}")));
    byte[] archive = zip(entries);
    assertTrue(archive.length < 100_000, "compressed " + archive.length);
    CollectingSink sink = read(archive, new AmplitudeExport(mapping(), 1 << 20, 4 << 20));
    assertEquals(1, sink.invalid.size());
    CollectingSink.Reported cut = sink.invalid.get(0);
    assertEquals("bomb.json.gz", cut.entry());
    assertEquals("(entry)", cut.field());
    assertTrue(cut.problem().contains("more than 1048576 bytes"), cut.problem());
    // What came before the cap is kept; nothing after it is read.
    assertTrue(sink.distinctEventIds().containsAll(List.of("amplitude:a-1", "amplitude:b-1")));
    assertTrue(!sink.distinctEventIds().contains("amplitude:c-1"));
    int perLine = line.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(sink.lines <= 2 + (1 << 20) / perLine + 1, "lines read " + sink.lines);

    // The archive's cap adds up every entry.
    CollectingSink total = read(archive, new AmplitudeExport(mapping(), 16 << 20, 1 << 20));
    assertTrue(
        total.invalid.get(0).problem().contains("the archive's cap"), total.invalid.toString());
  }

  @Test
  void notAZipIsReportedNotThrown() throws Exception {
    CollectingSink sink = read(gzip("{}"), export());
    // A gzip file is no zip: no entry is found, and the report says so.
    assertEquals(0, sink.outcomes.size());
    assertEquals(1, sink.invalid.size());
    assertEquals("(archive)", sink.invalid.get(0).field());
    byte[] truncated =
        zip(Map.of("a.json.gz", gzip(event("a-1", "u1", "Churned", "2026-03-02 10:15:00", "{}"))));
    byte[] cut = java.util.Arrays.copyOf(truncated, 40);
    CollectingSink broken = read(cut, export());
    assertEquals(1, broken.invalid.size(), broken.invalid.toString());
  }

  @Test
  void theCommittedSampleReadsAsDocumented() throws Exception {
    AmplitudeMapping mapping =
        AmplitudeMapping.of(
            Json.read(Files.readString(Path.of("../docs/examples/amplitude/mapping.json"))));
    CollectingSink sink;
    try (InputStream in =
        Files.newInputStream(Path.of("../docs/examples/amplitude/export-sample.zip"))) {
      sink = new CollectingSink(NOW);
      new AmplitudeExport(mapping).read(in, sink);
    }
    assertEquals(10, sink.lines);
    assertEquals(8, sink.outcomes.size());
    assertEquals(6, sink.distinctEventIds().size());
    assertEquals(1, sink.ignored);
    assertEquals(1, sink.skipped.size());
    assertEquals(0, sink.invalid.size(), sink.invalid.toString());
  }

  @Test
  void anUnusableMappingIsRefusedWithItsReason() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{}", "\"events\" must be an object naming at least one event type");
    cases.put("{\"events\": {\"A\": \"buy\"}}", "must name an outcome type");
    cases.put(
        "{\"events\": {\"A\": {\"type\": \"survey\", \"survey\": \"nps\"}}}", "scoreProperty");
    cases.put(
        "{\"events\": {\"A\": {\"type\": \"signup\", \"valueProperty\": \"x\"}}}",
        "only allowed on purchases and refunds");
    cases.put(
        "{\"events\": {\"A\": {\"type\": \"signup\", \"value\": \"x\"}}}",
        "unknown field \"value\"");
    cases.put("{\"events\": {\"A\": \"signup\"}, \"prefix\": \"x\"}", "unknown field \"prefix\"");
    cases.forEach(
        (json, reason) -> {
          MappingFile.Invalid e =
              assertThrows(MappingFile.Invalid.class, () -> AmplitudeMapping.of(Json.read(json)));
          assertTrue(e.getMessage().contains(reason), json + " → " + e.getMessage());
        });
  }
}
