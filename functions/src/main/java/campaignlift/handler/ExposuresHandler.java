package campaignlift.handler;

import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import campaignlift.http.Json;
import campaignlift.recording.BatchResult;
import campaignlift.recording.Recorder;
import campaignlift.store.Backend;
import java.time.Clock;

/** {@code ExposuresFunction}: {@code POST /campaigns/{campaignId}/exposures}. */
public final class ExposuresHandler extends ApiHandler {
  private final Recorder recorder;

  public ExposuresHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC());
  }

  public ExposuresHandler(Backend backend, Clock clock) {
    this.recorder = Wiring.recorder(backend, clock);
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    if (!request.routeKey().equals("POST /campaigns/{campaignId}/exposures")) {
      throw unknownRoute(request);
    }
    BatchResult r = recorder.exposures(request.path("campaignId"), Json.parseBody(request.body()));
    return HttpResponse.json(200, r);
  }
}
