package campaignlift.handler;

import campaignlift.campaign.CampaignJson;
import campaignlift.campaign.CampaignRegistry;
import campaignlift.campaign.CampaignRepository;
import campaignlift.campaign.Group;
import campaignlift.campaign.UnreadableCampaignException;
import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import campaignlift.http.JsonBody;
import campaignlift.store.Backend;
import campaignlift.store.DynamoCampaignRepository;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code CampaignsFunction}: register, read, list and archive campaigns; tell a user's
 * deterministic group. Stored items that cannot be read are logged by id and reason, never content
 * (docs/stored-data.md).
 */
public final class CampaignsHandler extends ApiHandler {
  private final CampaignRegistry registry;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public CampaignsHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "CampaignsFunction");
  }

  public CampaignsHandler(Backend backend, Clock clock) {
    this(backend, clock, null);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private CampaignsHandler(Backend backend, Clock clock, String primedAs) {
    this.registry =
        new CampaignRegistry(
            new DynamoCampaignRepository(backend.dynamo(), backend.tables().campaigns()),
            clock,
            Wiring.aggregates(backend, clock));
    this.priming = Priming.register(primedAs, this, backend);
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    switch (request.routeKey()) {
      case "PUT /campaigns/{campaignId}":
        CampaignRegistry.PutResult put =
            registry.put(request.path("campaignId"), JsonBody.parse(request.body()));
        return HttpResponse.json(put.created() ? 201 : 200, CampaignJson.view(put.stored()));
      case "GET /campaigns/{campaignId}":
        try {
          return HttpResponse.json(
              200, CampaignJson.view(registry.get(request.path("campaignId"))));
        } catch (UnreadableCampaignException e) {
          logUnreadable(e.campaignId(), e.reason());
          throw e;
        }
      case "DELETE /campaigns/{campaignId}":
        // 204 whether or not the item can be read: GET shows the archived campaign.
        registry.archive(request.path("campaignId"));
        return new HttpResponse(204, Map.of(), "");
      case "GET /campaigns":
        CampaignRepository.Page page =
            registry.list(
                request.query("limit"), request.query("nextToken"), request.query("archived"));
        page.unreadable().forEach(u -> logUnreadable(u.campaignId(), u.reason()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(CampaignJson::view).toList());
        body.put("unreadable", page.unreadable().stream().map(u -> u.campaignId()).toList());
        body.put("nextToken", page.nextCursor());
        return HttpResponse.json(200, body);
      case "GET /campaigns/{campaignId}/assignments/{userId}":
        String campaignId = request.path("campaignId");
        String userId = request.path("userId");
        Group group = registry.assignment(campaignId, userId);
        Map<String, Object> assignment = new LinkedHashMap<>();
        assignment.put("campaignId", campaignId);
        assignment.put("userId", userId);
        assignment.put("group", group.name());
        assignment.put("control", group.control());
        return HttpResponse.json(200, assignment);
      default:
        throw unknownRoute(request);
    }
  }

  /** Key and reason only: a stored item's content never reaches the logs. */
  private static void logUnreadable(String campaignId, String reason) {
    Log.error(
        null, "stored campaign unreadable", Map.of("campaignId", campaignId, "reason", reason));
  }
}
