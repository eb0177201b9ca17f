package campaignlift.http;

import java.util.Map;

/**
 * The parts of an API Gateway HTTP API (payload format 2.0) request the handlers use. {@code
 * routeKey} is the template's route ("PUT /campaigns/{campaignId}"), set by API Gateway in AWS and
 * by the local twin's router locally.
 *
 * @param headers header names in lower case, as API Gateway v2 delivers them
 * @param body the decoded body (base64 already undone), or null when the request has none
 */
public record HttpRequest(
    String routeKey,
    String method,
    String rawPath,
    Map<String, String> pathParameters,
    Map<String, String> queryParameters,
    Map<String, String> headers,
    String body,
    String requestId) {

  public HttpRequest {
    pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
    queryParameters = queryParameters == null ? Map.of() : Map.copyOf(queryParameters);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public String path(String name) {
    return pathParameters.get(name);
  }

  public String query(String name) {
    return queryParameters.get(name);
  }
}
