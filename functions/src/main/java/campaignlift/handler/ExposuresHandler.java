package campaignlift.handler;

import campaignlift.campaign.StoredCampaign;
import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import campaignlift.http.JsonBody;
import campaignlift.recording.BatchParser;
import campaignlift.recording.Exposure;
import campaignlift.recording.Recorder;
import campaignlift.store.Backend;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code ExposuresFunction}: {@code POST /campaigns/{campaignId}/exposures}. The body is read
 * against the campaign's design as it is now, then recorded as typed exposures.
 */
public final class ExposuresHandler extends ApiHandler {
  private final Recorder recorder;
  private final Clock clock;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public ExposuresHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "ExposuresFunction");
  }

  public ExposuresHandler(Backend backend, Clock clock) {
    this(backend, clock, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private ExposuresHandler(Backend backend, Clock clock, String primedAs) {
    this.recorder = Wiring.recorder(backend, clock);
    this.clock = clock;
    this.priming = Priming.register(primedAs, this, backend);
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    if (!request.routeKey().equals("POST /campaigns/{campaignId}/exposures")) {
      throw unknownRoute(request);
    }
    JsonNode body = JsonBody.parse(request.body());
    Instant now = clock.instant();
    StoredCampaign campaign = recorder.campaignTakingExposures(request.path("campaignId"));
    List<Exposure> exposures = BatchParser.exposures(body, campaign.campaign(), now);
    return HttpResponse.json(200, counts(recorder.exposures(campaign, exposures, now)));
  }
}
