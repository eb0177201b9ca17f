package campaignlift.handler;

import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import campaignlift.http.JsonBody;
import campaignlift.recording.BatchParser;
import campaignlift.recording.Recorder;
import campaignlift.store.Backend;
import java.time.Clock;

/** {@code OutcomesFunction}: {@code POST /outcomes}, read into typed outcomes and recorded. */
public final class OutcomesHandler extends ApiHandler {
  private final Recorder recorder;
  private final Clock clock;

  public OutcomesHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC());
  }

  public OutcomesHandler(Backend backend, Clock clock) {
    this.recorder = Wiring.recorder(backend, clock);
    this.clock = clock;
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    if (!request.routeKey().equals("POST /outcomes")) {
      throw unknownRoute(request);
    }
    var outcomes = BatchParser.outcomes(JsonBody.parse(request.body()), clock.instant());
    return HttpResponse.json(200, recorder.outcomes(outcomes));
  }
}
