package campaignlift.store;

import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one codec of page tokens ({@code nextToken}) for every paginated listing
 * (docs/stored-data.md). A token is URL-safe Base64 of {@code {"scope": ..., "key": {...}}}: the
 * scope names the listing that issued it (route, filter and campaign), the key is DynamoDB's last
 * evaluated key (string attributes only). A token is accepted only by the listing of the same
 * scope, and only when the caller's check says its key belongs there, so a token from another
 * campaign, another listing or a forger is refused rather than used as a start key.
 */
final class PageTokens {
  /** Far above any key we issue; refuses megabyte tokens before decoding them. */
  static final int MAX_TOKEN_LENGTH = 2048;

  private PageTokens() {}

  /** The token of the page after {@code lastEvaluatedKey}, or null when there is none. */
  static String encode(String scope, Map<String, AttributeValue> lastEvaluatedKey) {
    if (lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()) {
      return null;
    }
    ObjectNode token = Json.MAPPER.createObjectNode();
    token.put("scope", scope);
    ObjectNode key = token.putObject("key");
    lastEvaluatedKey.forEach(
        (name, value) -> {
          if (value.s() == null) {
            throw new IllegalStateException("page keys are strings; " + name + " is not");
          }
          key.put(name, value.s());
        });
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Json.write(token).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The start key inside {@code token}.
   *
   * @param belongs whether a decoded key (attribute name to string value) belongs to the listing
   * @throws IllegalArgumentException when the token is not one this listing issued
   */
  static Map<String, AttributeValue> decode(
      String scope, String token, Predicate<Map<String, String>> belongs) {
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw new IllegalArgumentException("bad token length");
    }
    JsonNode node;
    try {
      byte[] json = Base64.getUrlDecoder().decode(token);
      node = Json.MAPPER.readTree(json);
    } catch (Exception e) {
      // Bad Base64, bad JSON or a number Jackson refuses: all the same to the client.
      throw new IllegalArgumentException("token is not ours", e);
    }
    if (node == null
        || !node.isObject()
        || node.size() != 2
        || !scope.equals(node.path("scope").asText(null))
        || !node.path("key").isObject()) {
      throw new IllegalArgumentException("token from another listing");
    }
    Map<String, String> key = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.path("key").properties()) {
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException("token key is not text");
      }
      key.put(e.getKey(), e.getValue().asText());
    }
    if (!belongs.test(key)) {
      throw new IllegalArgumentException("token key belongs elsewhere");
    }
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    key.forEach((k, v) -> out.put(k, AttributeValues.s(v)));
    return out;
  }
}
