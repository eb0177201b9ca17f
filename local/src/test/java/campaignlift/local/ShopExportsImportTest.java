package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Shop exports through the S3 import (docs/shop-exports.md), end to end: the committed EC-CUBE
 * sample (CP932, EC-CUBE's own order CSV header) and an Amplitude Export API archive put into
 * S3Proxy with their mappings, ImportFunction invoked with the S3 event as Lambda would, and the
 * purchases read back from the enrolments in DynamoDB Local.
 */
class ShopExportsImportTest extends TwinTest {
  private static final String BUCKET = LocalBackends.LOCAL_BUCKET;
  private static final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void ecCubeCp932ExportImportsEachOrderOnceAndReportsTheGuestOrderAndTheBadRow() throws Exception {
    String prefix = "shop-ec-" + run + "-";
    String campaign = campaign("shop-ec");
    // Members of the sample: 7 and 21 bought, 12 cancelled (status 3), 15's row has no valid date.
    expose(campaign, prefix, List.of("7", "21", "12", "15"));
    put("imports/ec-cube/mapping.json", ("{\"userIdPrefix\": \"" + prefix + "\"}").getBytes());
    try {
      byte[] sample = Files.readAllBytes(Path.of("../docs/examples/ec-cube/orders-sample.csv"));
      String key = "imports/ec-cube/orders/" + run + "/order_20260305120000.csv";
      put(key, sample);

      JsonNode report = importOne(key);
      assertEquals("ec-cube", report.path("kind").asText(), report.toString());
      assertEquals("imported", report.path("status").asText(), report.toString());
      // Eight item rows: orders 1001 and 1005 have two each (one recorded, one duplicate), guest
      // order 1002 two, cancelled 1003 one, and 1004 one bad row.
      assertEquals(8, report.path("lines").asLong(), report.toString());
      assertEquals(2, report.path("accepted").asLong(), report.toString());
      assertEquals(2, report.path("duplicates").asLong(), report.toString());
      assertEquals(1, report.path("invalid").asLong(), report.toString());
      assertEquals(3, report.path("skipped").asLong(), report.toString());
      String errorsKey = "imports/ec-cube/orders/" + run + "/order_20260305120000.errors.jsonl";
      assertEquals(errorsKey, report.path("errorsKey").asText());

      List<JsonNode> errors = jsonLines(get(errorsKey));
      assertEquals(
          List.of(4L, 5L, 6L, 7L), errors.stream().map(e -> e.path("line").asLong()).toList());
      assertEquals(
          List.of(true, true, true, false),
          errors.stream().map(e -> e.path("skipped").asBoolean(false)).toList());
      assertEquals(
          List.of("会員ID", "会員ID", "対応状況(ID)", "受注日"),
          errors.stream().map(e -> e.path("problems").get(0).path("field").asText()).toList());
      assertTrue(errors.get(0).path("problems").get(0).path("problem").asText().contains("guest"));
      assertTrue(errors.get(3).path("record").asText().startsWith("1004,1004,15,高橋"), "decoded");

      Map<String, Map<String, AttributeValue>> before = new LinkedHashMap<>();
      for (String member : List.of("7", "21", "12", "15")) {
        before.put(member, enrolment(campaign, prefix + member));
      }
      assertPurchases(before.get("7"), 1, "3520");
      assertPurchases(before.get("21"), 1, "6160");
      assertPurchases(before.get("12"), 0, "0");
      assertPurchases(before.get("15"), 0, "0");

      // The same file uploaded again records nothing new.
      put(key, sample);
      JsonNode again = importOne(key);
      assertEquals(0, again.path("accepted").asLong(), again.toString());
      assertEquals(4, again.path("duplicates").asLong(), again.toString());
      assertEquals(3, again.path("skipped").asLong(), again.toString());
      assertEquals(1, again.path("invalid").asLong(), again.toString());
      for (String member : before.keySet()) {
        assertUnchanged(before.get(member), enrolment(campaign, prefix + member), member);
      }

      // A mapping that cannot be used rejects the file, naming why, and records nothing.
      put("imports/ec-cube/mapping.json", "{\"timeZone\": \"Tokyo\"}".getBytes());
      JsonNode rejected = importOne(key);
      assertEquals("rejected", rejected.path("status").asText(), rejected.toString());
      assertEquals(0, rejected.path("lines").asLong());
      assertTrue(rejected.path("message").asText().contains("mapping.json"), rejected.toString());
      JsonNode why = jsonLines(get(errorsKey)).get(0);
      assertTrue(why.path("problems").get(0).path("problem").asText().contains("timeZone"));
    } finally {
      s3().deleteObject(r -> r.bucket(BUCKET).key("imports/ec-cube/mapping.json"));
    }
  }

  @Test
  void amplitudeArchiveWithDuplicateInsertIdsImportsEachEventOnce() throws Exception {
    String prefix = "shop-amp-" + run + "-";
    String campaign = campaign("shop-amp");
    expose(campaign, prefix, List.of("a", "b"));
    String key = "imports/amplitude/" + run + "/export-20260302T09-20260302T10.zip";
    String[] hour9 = {
      event("s1", "a", "Sign Up", "2026-03-02 09:01:10.123000", "{}"),
      event("p1", "a", "Order Completed", "2026-03-02 09:05:00.000000", "{\"$revenue\": 19.99}"),
      event("p1", "a", "Order Completed", "2026-03-02 09:05:00.000000", "{\"$revenue\": 19.99}"),
      event("v1", "b", "[Amplitude] Start Session", "2026-03-02 09:06:00.000000", "{}"),
      event("r1", null, "Article Read", "2026-03-02 09:07:00.000000", "{}"),
      event("r2", "b", "Article Read", "2026-03-02 09:08:00.000000", "{}"),
    };
    String[] hour10 = {
      event("p1", "a", "Order Completed", "2026-03-02 09:05:00.000000", "{\"$revenue\": 19.99}"),
      event(
          "p2",
          "b",
          "Order Completed",
          "2026-03-02 10:21:00.000000",
          "{\"$price\": 4.5, \"$quantity\": 3}"),
      event("r2", "b", "Article Read", "2026-03-02 09:08:00.000000", "{}"),
      event("f1", "a", "Refund Issued", "2026-03-02 10:45:00.000000", "{\"amount\": 5}"),
    };
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("187520/187520_2026-03-02_9#0.json.gz", gzip(String.join("\n", hour9) + "\n"));
    entries.put("187520/187520_2026-03-02_10#0.json.gz", gzip(String.join("\n", hour10) + "\n"));
    put(key, zip(entries));

    try {
      // Without its mapping the archive is rejected: nothing says what its events mean.
      s3().deleteObject(r -> r.bucket(BUCKET).key("imports/amplitude/mapping.json"));
      JsonNode unmapped = importOne(key);
      assertEquals("rejected", unmapped.path("status").asText(), unmapped.toString());

      put(
          "imports/amplitude/mapping.json",
          ("{\"userIdPrefix\": \""
                  + prefix
                  + "\", \"events\": {\"Sign Up\": \"signup\", \"Order Completed\":"
                  + " \"purchase\", \"Article Read\": \"activity\", \"Refund Issued\": {\"type\":"
                  + " \"refund\", \"valueProperty\": \"amount\"}}}")
              .getBytes());
      JsonNode report = importOne(key);
      assertEquals("amplitude", report.path("kind").asText(), report.toString());
      assertEquals(10, report.path("lines").asLong(), report.toString());
      // s1, p1, r2, p2, f1: five events; p1 twice more and r2 once more are duplicates.
      assertEquals(5, report.path("accepted").asLong(), report.toString());
      assertEquals(3, report.path("duplicates").asLong(), report.toString());
      // The unmapped session event and the event without user_id.
      assertEquals(2, report.path("skipped").asLong(), report.toString());
      assertEquals(0, report.path("invalid").asLong(), report.toString());
      List<JsonNode> errors = jsonLines(get(report.path("errorsKey").asText()));
      assertEquals(1, errors.size(), errors.toString());
      assertEquals("187520/187520_2026-03-02_9#0.json.gz", errors.get(0).path("entry").asText());
      assertEquals(5, errors.get(0).path("line").asLong());
      assertEquals("user_id", errors.get(0).path("problems").get(0).path("field").asText());

      Map<String, AttributeValue> a = enrolment(campaign, prefix + "a");
      Map<String, AttributeValue> b = enrolment(campaign, prefix + "b");
      assertEquals("1", a.get("signups").n());
      assertPurchases(a, 1, "14.99"); // 19.99 once, less the 5 refunded
      assertPurchases(b, 1, "13.5"); // 4.5 × 3
      assertEquals("1", b.get("activity").n());

      JsonNode again = importOne(key);
      assertEquals(0, again.path("accepted").asLong(), again.toString());
      assertEquals(8, again.path("duplicates").asLong(), again.toString());
      assertUnchanged(a, enrolment(campaign, prefix + "a"), "a");
      assertUnchanged(b, enrolment(campaign, prefix + "b"), "b");
    } finally {
      s3().deleteObject(r -> r.bucket(BUCKET).key("imports/amplitude/mapping.json"));
    }
  }

  @Test
  void shopExportKeysAreRoutedAndTheirMappingsAreNotImported() throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("imports/ec-cube/mapping.json", "ignored");
    expected.put("imports/amplitude/mapping.json", "ignored");
    expected.put("imports/ec-cube/orders/" + run + "/orders.txt", "unsupported");
    expected.put("imports/ec-cube/" + run + "-orders.csv", "skipped");
    expected.put("imports/amplitude/" + run + "/export.json.gz", "unsupported");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      JsonNode report = importOne(e.getKey());
      assertEquals(e.getValue(), report.path("status").asText(), report.toString());
      assertTrue(report.has("message"), report.toString());
      assertEquals(0, report.path("lines").asLong());
    }
  }

  // --- helpers ---

  private static String event(
      String insertId, String user, String type, String time, String properties) {
    return "{\"$insert_id\": \"ins-"
        + run
        + "-"
        + insertId
        + "\", \"amplitude_id\": 123456789012, \"device_id\": \"d-"
        + insertId
        + "\", \"event_type\": \""
        + type
        + "\", \"event_time\": \""
        + time
        + "\", \"user_id\": "
        + (user == null ? "null" : "\"" + user + "\"")
        + ", \"event_properties\": "
        + properties
        + ", \"user_properties\": {}}";
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] zip(Map<String, byte[]> entries) throws IOException {
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

  private static String campaign(String name) {
    String id = Campaigns.uniqueId(name);
    Http.Response r = http.put("/campaigns/" + id, Campaigns.valid().toString());
    assertEquals(201, r.status(), r.raw().body());
    return id;
  }

  /** Enrols each user before the exports' events (the campaign starts 2026-03-01). */
  private static void expose(String campaign, String prefix, List<String> users) {
    ObjectNode body = Http.JSON.createObjectNode();
    ArrayNode array = body.putArray("exposures");
    for (String u : users) {
      array
          .addObject()
          .put("userId", prefix + u)
          .put("at", "2026-03-01T12:00:00Z")
          .put("group", "coupon");
    }
    Http.Response r = http.post("/campaigns/" + campaign + "/exposures", body.toString());
    assertEquals(200, r.status(), r.raw().body());
  }

  private static void assertPurchases(
      Map<String, AttributeValue> enrolment, int n, String revenue) {
    assertEquals(String.valueOf(n), enrolment.get("purchases").n(), enrolment.toString());
    assertEquals(
        0,
        new BigDecimal(revenue).compareTo(new BigDecimal(enrolment.get("revenue").n())),
        enrolment.toString());
  }

  /** The enrolment is as it was, but for its delivery counter, which counts redeliveries. */
  private static void assertUnchanged(
      Map<String, AttributeValue> was, Map<String, AttributeValue> now, String user) {
    Map<String, AttributeValue> a = new java.util.HashMap<>(was);
    Map<String, AttributeValue> b = new java.util.HashMap<>(now);
    a.remove("deliveries");
    b.remove("deliveries");
    assertEquals(a, b, "user " + user);
  }

  private static Map<String, AttributeValue> enrolment(String campaignId, String userId) {
    return StoredEnrolments.item(backends.backend(), campaignId, userId);
  }

  private static S3Client s3() {
    return backends.backend().s3();
  }

  private static void put(String key, byte[] content) {
    ImportFiles.put(backends, key, content);
  }

  private static String get(String key) {
    return ImportFiles.get(backends, key);
  }

  private static List<JsonNode> jsonLines(String text) throws Exception {
    return ImportFiles.jsonLines(text);
  }

  private static JsonNode importOne(String key) throws Exception {
    return ImportFiles.importOne(backends, key);
  }
}
