package campaignlift.handler;

import campaignlift.http.ApiException;
import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import campaignlift.store.Backend;
import java.time.Clock;
import java.util.List;

/**
 * {@code OutcomesFunction}. Routes are declared in template.yaml; the capability is not built yet
 * (501).
 */
public final class OutcomesHandler extends ApiHandler {

  public OutcomesHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC());
  }

  public OutcomesHandler(Backend backend, Clock clock) {
    // Clients are kept by the capability once it exists.
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    throw new ApiException(
        501, "not_implemented", request.routeKey() + " is not implemented yet.", List.of());
  }
}
