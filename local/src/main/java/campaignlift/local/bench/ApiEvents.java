package campaignlift.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** API Gateway HTTP API payload-v2 events, shaped like the ones {@code HttpTwin} builds. */
final class ApiEvents {
  static final ObjectMapper JSON = new ObjectMapper();

  private ApiEvents() {}

  /**
   * @param routeKey e.g. {@code POST /campaigns/{campaignId}/exposures}
   * @param rawPath the concrete path
   */
  static byte[] event(
      String routeKey, String rawPath, Map<String, String> pathParameters, String body) {
    String method = routeKey.substring(0, routeKey.indexOf(' '));
    ObjectNode e = JSON.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", routeKey);
    e.put("rawPath", rawPath);
    e.put("rawQueryString", "");
    ObjectNode headers = e.putObject("headers");
    headers.put("content-type", "application/json");
    headers.put("host", "127.0.0.1");
    ObjectNode ctx = e.putObject("requestContext");
    ctx.put("requestId", UUID.randomUUID().toString());
    ctx.put("routeKey", routeKey);
    ctx.put("stage", "$default");
    ObjectNode http = ctx.putObject("http");
    http.put("method", method);
    http.put("path", rawPath);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    ObjectNode params = e.putObject("pathParameters");
    pathParameters.forEach(params::put);
    if (body != null) {
      e.put("body", body);
    }
    e.put("isBase64Encoded", false);
    return e.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The status code of a handler's payload-v2 response. */
  static int status(byte[] response) {
    try {
      return JSON.readTree(response).path("statusCode").asInt(-1);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** The parsed body of a handler's payload-v2 response. */
  static com.fasterxml.jackson.databind.JsonNode body(byte[] response) {
    try {
      return JSON.readTree(JSON.readTree(response).path("body").asText());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("handler answered with something that is not JSON", e);
    }
  }

  /** Creates (or replaces) a campaign through CampaignsFunction; fails unless 200/201. */
  static void putCampaign(
      campaignlift.local.LocalFunctions functions, String campaignId, String startAt)
      throws java.io.IOException {
    String body =
        "{\"name\":\"bench "
            + campaignId
            + "\",\"startAt\":\""
            + startAt
            + "\",\"windowDays\":14,\"groups\":[{\"name\":\"control\",\"weight\":0.2,"
            + "\"control\":true},{\"name\":\"coupon\",\"weight\":0.8}],"
            + "\"segmentAttributes\":[\"channel\"]}";
    byte[] r =
        functions.invoke(
            "CampaignsFunction",
            event(
                "PUT /campaigns/{campaignId}",
                "/campaigns/" + campaignId,
                Map.of("campaignId", campaignId),
                body));
    int status = status(r);
    if (status != 200 && status != 201) {
      throw new IllegalStateException(
          "creating campaign " + campaignId + " answered " + new String(r, StandardCharsets.UTF_8));
    }
  }
}
