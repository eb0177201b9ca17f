package campaignlift.handler;

import campaignlift.domain.Refusal;
import campaignlift.http.ApiErrors;
import campaignlift.http.ApiException;
import campaignlift.http.ApiGateway;
import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import campaignlift.json.Json;
import campaignlift.recording.BatchResult;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape every HTTP function shares: decode the payload-v2 event, hand the request to {@link
 * #handle}, encode the response. Refusals (the cores' {@link Refusal}s and the edge's own {@link
 * ApiException}s) become the docs/api.md error body through {@link ApiErrors}; anything else is
 * logged with its message and stack trace and becomes a 500 without either, so clients know to
 * retry (every write is idempotent).
 */
public abstract class ApiHandler implements RequestStreamHandler {

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    HttpResponse response;
    String route = null;
    try {
      HttpRequest request = ApiGateway.decode(input);
      route = request.routeKey();
      response = handle(request);
    } catch (ApiException | Refusal e) {
      response = refusal(e, context, route);
    } catch (RuntimeException | IOException e) {
      response = internal(context, route, e);
    }
    Log.info(
        context,
        "request",
        Map.of("route", String.valueOf(route), "status", response.statusCode()));
    ApiGateway.encode(response, output);
  }

  /** The answer to a refusal; a refusal without an answer is a fault like any other (500). */
  private static HttpResponse refusal(RuntimeException e, Context context, String route) {
    try {
      return ApiErrors.response(e);
    } catch (IllegalStateException unmapped) {
      return internal(context, route, unmapped);
    }
  }

  private static HttpResponse internal(Context context, String route, Exception e) {
    // Message and stack trace for the operator; the client gets neither, and the request body
    // is never logged (Jackson keeps source text out of its parse messages by default).
    Log.error(context, "request failed", Map.of("route", String.valueOf(route)), e);
    return ApiGateway.error(
        500, "internal", "The request failed on our side; retry it.", List.of());
  }

  /** Answers one request; throws a {@link Refusal} or {@link ApiException} for client errors. */
  protected abstract HttpResponse handle(HttpRequest request);

  protected static ApiException unknownRoute(HttpRequest request) {
    return ApiException.notFound("No route " + request.routeKey() + ".");
  }

  /**
   * A batch's answer, {@code {"accepted", "duplicates", "conflicts", "refused"}} (docs/api.md),
   * spelled out rather than left to the mapper's reading of the record: the first bean the mapper
   * introspects costs a cold start some 30 ms ({@link Json#write(Object)}).
   */
  protected static Map<String, Object> counts(BatchResult r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accepted", r.accepted());
    body.put("duplicates", r.duplicates());
    body.put("conflicts", r.conflicts());
    body.put("refused", r.refused());
    return body;
  }
}
