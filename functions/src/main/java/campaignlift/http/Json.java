package campaignlift.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * The one shared Jackson mapper: thread-safe once configured, built once per process (SnapStart
 * snapshot).
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  static {
    // Deeply nested hostile bodies must fail fast with a 400, not exhaust the stack.
    MAPPER
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a request body; anything that is not one well-formed JSON value is a 400 {@code
   * bad_json}.
   */
  public static JsonNode parseBody(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badJson("The request body is empty; a JSON object is required.");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badJson(
          "The request body is not valid JSON: " + e.getOriginalMessage() + ".");
    }
  }
}
