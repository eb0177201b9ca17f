package campaignlift.ingest;

import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small JSON mapping object stored beside the files it configures (docs/shop-exports.md), read
 * through the {@link ImportBucket} at each import so a changed mapping applies to the next file.
 */
final class MappingFile {
  /** The largest mapping read; a mapping is a few hundred bytes. */
  static final int MAX_BYTES = 64 * 1024;

  /** Why a mapping cannot be used; the files it configures are rejected with it. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private MappingFile() {}

  /** The mapping object at {@code key}, or null when there is none. */
  static JsonNode read(ImportBucket objects, String bucket, String key)
      throws IOException, Invalid {
    byte[] bytes;
    try (InputStream in = objects.open(bucket, key)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (ImportBucket.Missing e) {
      return null;
    }
    if (bytes.length > MAX_BYTES) {
      throw new Invalid("is larger than " + MAX_BYTES + " bytes");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new Invalid("is not UTF-8 text");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    JsonNode node;
    try {
      node = Json.read(text);
    } catch (Json.Malformed e) {
      throw new Invalid("is not valid JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new Invalid("must be a JSON object");
    }
    return node;
  }

  /** Refuses a field of {@code object} not in {@code allowed}: a misspelt option must not pass. */
  static void onlyFields(JsonNode object, String where, Set<String> allowed) throws Invalid {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new Invalid(
            where
                + " has an unknown field \""
                + name
                + "\"; allowed: "
                + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  /** A text field, or {@code fallback} when absent. */
  static String text(JsonNode object, String field, String fallback) throws Invalid {
    JsonNode v = object.get(field);
    if (v == null) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw new Invalid("\"" + field + "\" must be a string");
    }
    return v.asText();
  }
}
