package campaignlift.handler;

import campaignlift.http.ApiException;
import campaignlift.http.ApiGateway;
import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The shape every HTTP function shares: decode the payload-v2 event, hand the request to {@link
 * #handle}, encode the response. Client errors become the docs/api.md error body; anything else is
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
    } catch (ApiException e) {
      response = ApiGateway.error(e);
    } catch (RuntimeException | IOException e) {
      // Message and stack trace for the operator; the client gets neither, and the request body
      // is never logged (Jackson keeps source text out of its parse messages by default).
      Log.error(context, "request failed", Map.of("route", String.valueOf(route)), e);
      response =
          ApiGateway.error(500, "internal", "The request failed on our side; retry it.", List.of());
    }
    Log.info(
        context,
        "request",
        Map.of("route", String.valueOf(route), "status", response.statusCode()));
    ApiGateway.encode(response, output);
  }

  /** Answers one request; throws {@link ApiException} for client errors. */
  protected abstract HttpResponse handle(HttpRequest request);

  protected static ApiException unknownRoute(HttpRequest request) {
    return ApiException.notFound("No route " + request.routeKey() + ".");
  }
}
