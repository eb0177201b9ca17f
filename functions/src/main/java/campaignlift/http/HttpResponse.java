package campaignlift.http;

import campaignlift.json.Json;
import java.util.Map;

/** A response in API Gateway v2 terms: status, headers and a (text) body. */
public record HttpResponse(int statusCode, Map<String, String> headers, String body) {

  public HttpResponse {
    headers = Map.copyOf(headers);
  }

  public static HttpResponse json(int status, Object value) {
    return new HttpResponse(status, Map.of("content-type", "application/json"), Json.write(value));
  }

  public static HttpResponse redirect(String location) {
    return new HttpResponse(302, Map.of("location", location), "");
  }
}
