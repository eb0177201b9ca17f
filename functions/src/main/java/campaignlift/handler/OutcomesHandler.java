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

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public OutcomesHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "OutcomesFunction");
  }

  public OutcomesHandler(Backend backend, Clock clock) {
    this(backend, clock, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private OutcomesHandler(Backend backend, Clock clock, String primedAs) {
    this.recorder = Wiring.recorder(backend, clock);
    this.clock = clock;
    this.priming = Priming.register(primedAs, this, backend);
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    if (!request.routeKey().equals("POST /outcomes")) {
      throw unknownRoute(request);
    }
    var outcomes = BatchParser.outcomes(JsonBody.parse(request.body()), clock.instant());
    return HttpResponse.json(200, counts(recorder.outcomes(outcomes)));
  }
}
