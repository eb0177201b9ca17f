package campaignlift.handler;

import campaignlift.domain.InvalidInputException;
import campaignlift.domain.Problem;
import campaignlift.evaluation.EvaluationService;
import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import campaignlift.http.JsonBody;
import campaignlift.json.FieldReader;
import campaignlift.json.Json;
import campaignlift.store.Backend;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ResultsFunction}: evaluate now ({@code POST .../evaluations}, 201 with the stored result),
 * the latest result, the history of results (newest first, paginated) and a redirect to the latest
 * HTML report.
 */
public final class ResultsHandler extends ApiHandler {
  private final EvaluationService evaluations;

  /** Lambda's entry point: clients from the environment, wall-clock time. */
  public ResultsHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC());
  }

  public ResultsHandler(Backend backend, Clock clock) {
    this.evaluations = Wiring.evaluations(backend, clock);
  }

  @Override
  protected HttpResponse handle(HttpRequest request) {
    String id = request.path("campaignId");
    switch (request.routeKey()) {
      case "POST /campaigns/{campaignId}/evaluations":
        boolean maturedOnly = maturedOnly(request.body());
        JsonNode result = evaluations.evaluate(id, maturedOnly);
        return new HttpResponse(
            201,
            Map.of(
                "content-type",
                "application/json",
                "location",
                "/campaigns/" + id + "/results/latest"),
            Json.write(result));
      case "GET /campaigns/{campaignId}/results/latest":
        return HttpResponse.json(200, evaluations.latest(id));
      case "GET /campaigns/{campaignId}/results":
        return HttpResponse.json(
            200, evaluations.history(id, request.query("limit"), request.query("nextToken")));
      case "GET /campaigns/{campaignId}/report":
        return HttpResponse.redirect(evaluations.reportUrl(id).toString());
      default:
        throw unknownRoute(request);
    }
  }

  /** The optional body {@code {"maturedOnly": bool}}; empty body means the default (true). */
  static boolean maturedOnly(String body) {
    if (body == null || body.isBlank()) {
      return true;
    }
    JsonNode node = JsonBody.parse(body);
    List<Problem> problems = new ArrayList<>();
    if (!node.isObject()) {
      throw new InvalidInputException(
          "The request body must be a JSON object.",
          List.of(Problem.of("body", "must be an object like {\"maturedOnly\": true}")));
    }
    FieldReader f = FieldReader.of(node, null, problems);
    f.rejectUnknown(Set.of("maturedOnly"));
    boolean value = f.bool("maturedOnly", true);
    if (!problems.isEmpty()) {
      throw new InvalidInputException("The evaluation request is not valid.", problems);
    }
    return value;
  }
}
