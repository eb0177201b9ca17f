package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The import tests' view of the twin's bucket (S3Proxy) and of ImportFunction as S3 invokes it: put
 * a file, read one back (an error report), and deliver the {@code ObjectCreated} notification of
 * some keys (docs/api.md, "The other door: S3 bulk import").
 */
final class ImportFiles {
  static final String BUCKET = LocalBackends.LOCAL_BUCKET;

  private ImportFiles() {}

  static void put(TestBackends backends, String key, byte[] content) {
    backends
        .backend()
        .s3()
        .putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
  }

  static void put(TestBackends backends, String key, String content) {
    put(backends, key, content.getBytes(StandardCharsets.UTF_8));
  }

  /** The object's text, or null when there is none. */
  static String get(TestBackends backends, String key) {
    try {
      return backends
          .backend()
          .s3()
          .getObjectAsBytes(r -> r.bucket(BUCKET).key(key))
          .asUtf8String();
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  /** The JSON objects of an error report's lines. */
  static List<JsonNode> jsonLines(String text) throws Exception {
    assertTrue(text != null, "the errors object exists");
    List<JsonNode> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        out.add(Http.JSON.readTree(line));
      }
    }
    return out;
  }

  /**
   * ImportFunction's answer to one S3 notification naming {@code keys} (URL-encoded as S3 writes
   * them); it must not have failed.
   */
  static JsonNode invoke(TestBackends backends, String... keys) throws Exception {
    ObjectNode event = Http.JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (String key : keys) {
      ObjectNode record = records.addObject();
      record.put("eventVersion", "2.1").put("eventSource", "aws:s3");
      record.put("eventName", "ObjectCreated:Put");
      ObjectNode s3 = record.putObject("s3");
      s3.putObject("bucket").put("name", BUCKET);
      s3.putObject("object")
          .put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
          .put("size", 1);
    }
    byte[] out = backends.functions().invoke("ImportFunction", Http.JSON.writeValueAsBytes(event));
    JsonNode response = Http.JSON.readTree(out);
    assertFalse(response.has("errorMessage"), response.toString());
    return response;
  }

  /** The report of importing one key. */
  static JsonNode importOne(TestBackends backends, String key) throws Exception {
    JsonNode files = invoke(backends, key).path("files");
    assertEquals(1, files.size(), files.toString());
    return files.get(0);
  }
}
