package campaignlift.handler;

import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import campaignlift.http.Json;
import campaignlift.recording.Recorder;
import campaignlift.store.Backend;
import java.time.Clock;

/** {@code OutcomesFunction}: {@code POST /outcomes}. */
public final class OutcomesHandler extends ApiHandler {
  private final Recorder recorder;

  public OutcomesHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC());
  }

  public OutcomesHandler(Backend backend, Clock clock) {
    this.recorder = Wiring.recorder(backend, clock);
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    if (!request.routeKey().equals("POST /outcomes")) {
      throw unknownRoute(request);
    }
    return HttpResponse.json(200, recorder.outcomes(Json.parseBody(request.body())));
  }
}
