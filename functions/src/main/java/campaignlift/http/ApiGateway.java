package campaignlift.http;

import campaignlift.domain.Problem;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes API Gateway HTTP API payload-v2 events and encodes responses. Handlers read the event
 * JSON themselves (RequestStreamHandler) so that one JSON library, configured once, sees every
 * byte: no runtime-serialisation surprises and less start-up work.
 */
public final class ApiGateway {
  /** docs/api.md: bodies over 1 MB are refused with 413 before they are parsed. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private ApiGateway() {}

  public static HttpRequest decode(InputStream in) throws IOException {
    JsonNode event = Json.MAPPER.readTree(in);
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("The Lambda event is not an API Gateway v2 request.");
    }
    JsonNode http = event.path("requestContext").path("http");
    String method = text(http.path("method"), "GET");
    String rawPath = text(event.path("rawPath"), text(http.path("path"), "/"));
    String routeKey = text(event.path("routeKey"), method + " " + rawPath);
    String body = null;
    JsonNode bodyNode = event.path("body");
    if (bodyNode.isTextual()) {
      body = bodyNode.asText();
      if (event.path("isBase64Encoded").asBoolean(false)) {
        try {
          byte[] bytes = Base64.getDecoder().decode(body);
          checkSize(bytes.length);
          body = new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw ApiException.badJson("The request body is marked base64 but is not valid base64.");
        }
      } else {
        checkSize(body.getBytes(StandardCharsets.UTF_8).length);
      }
    }
    Map<String, String> headers = new HashMap<>();
    strings(event.path("headers")).forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    return new HttpRequest(
        routeKey,
        method,
        rawPath,
        strings(event.path("pathParameters")),
        strings(event.path("queryStringParameters")),
        headers,
        body,
        text(event.path("requestContext").path("requestId"), null));
  }

  private static void checkSize(int bytes) {
    if (bytes > MAX_BODY_BYTES) {
      throw ApiException.tooLarge(
          "The request body is " + bytes + " bytes; the limit is " + MAX_BODY_BYTES + " bytes.");
    }
  }

  public static void encode(HttpResponse response, OutputStream out) throws IOException {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("statusCode", response.statusCode());
    ObjectNode headers = node.putObject("headers");
    response.headers().forEach(headers::put);
    node.put("body", response.body());
    node.put("isBase64Encoded", false);
    Json.write(out, node);
  }

  /**
   * At most this many problems are listed in an error's {@code details}; {@code totalProblems}
   * counts them all, so a response stays small however bad the request (Lambda answers at most 6
   * MB).
   */
  public static final int MAX_DETAILS = 100;

  /**
   * The docs/api.md error body. Never carries a stack trace or the request body. {@code details}
   * holds the first {@link #MAX_DETAILS} problems and {@code totalProblems} their number when there
   * are any.
   */
  public static HttpResponse error(int status, String code, String message, List<Problem> details) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", details.size() > MAX_DETAILS ? details.subList(0, MAX_DETAILS) : details);
    if (!details.isEmpty()) {
      error.put("totalProblems", details.size());
    }
    return HttpResponse.json(status, Map.of("error", error));
  }

  private static String text(JsonNode node, String fallback) {
    return node.isTextual() ? node.asText() : fallback;
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> map = new HashMap<>();
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getValue().isValueNode() && !e.getValue().isNull()) {
          map.put(e.getKey(), e.getValue().asText());
        }
      }
    }
    return map;
  }
}
