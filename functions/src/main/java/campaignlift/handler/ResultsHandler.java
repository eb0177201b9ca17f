package campaignlift.handler;

import campaignlift.aggregate.Recompute;
import campaignlift.aggregate.RecomputeMode;
import campaignlift.aggregate.RecomputeQueue;
import campaignlift.aggregate.RecomputeStatus;
import campaignlift.domain.InvalidInputException;
import campaignlift.domain.Problem;
import campaignlift.evaluation.EvaluationService;
import campaignlift.http.ApiException;
import campaignlift.http.HttpRequest;
import campaignlift.http.HttpResponse;
import campaignlift.http.JsonBody;
import campaignlift.json.FieldReader;
import campaignlift.json.Json;
import campaignlift.store.Backend;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ResultsFunction}: evaluate now ({@code POST .../evaluations}, 201 with the stored result),
 * the latest result, the history of results (newest first, paginated) and a redirect to the latest
 * HTML report; and full recomputes of the stream-fed aggregates ({@code POST .../recomputations},
 * 202, then their progress), docs/aggregates.md.
 */
public final class ResultsHandler extends ApiHandler {
  private final EvaluationService evaluations;
  private final Recompute recompute;

  /** Lambda's instance only (null otherwise); kept here because the runtime holds it weakly. */
  private final Priming priming;

  /** Lambda's entry point: clients from the environment, wall-clock time, primed for SnapStart. */
  public ResultsHandler() {
    this(Backend.fromEnvironment(System.getenv()), Clock.systemUTC(), "ResultsFunction");
  }

  public ResultsHandler(Backend backend, Clock clock) {
    this(backend, clock, Wiring.recomputeQueue(backend));
  }

  /** A handler whose recomputes send their tasks to {@code queue}. */
  public ResultsHandler(Backend backend, Clock clock, RecomputeQueue queue) {
    this(backend, clock, queue, null);
  }

  private ResultsHandler(Backend backend, Clock clock, String primedAs) {
    this(backend, clock, Wiring.recomputeQueue(backend), primedAs);
  }

  /**
   * @param primedAs the function's logical id when Lambda builds it, which registers its priming
   */
  private ResultsHandler(Backend backend, Clock clock, RecomputeQueue queue, String primedAs) {
    this.evaluations = Wiring.evaluations(backend, clock);
    this.recompute = Wiring.recompute(backend, clock, queue);
    this.priming = Priming.register(primedAs, this, backend, Priming::evaluatedWithData);
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
      case "POST /campaigns/{campaignId}/recomputations":
        RecomputeMode mode = recomputeMode(request.body());
        Recompute.Started started = recompute.start(id, mode);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recomputeId", started.recomputeId());
        body.put("shards", started.shards());
        body.put("mode", started.mode().wire());
        return new HttpResponse(
            202,
            Map.of(
                "content-type",
                "application/json",
                "location",
                "/campaigns/" + id + "/recomputations/" + started.recomputeId()),
            Json.write(body));
      case "GET /campaigns/{campaignId}/recomputations/{recomputeId}":
        String recomputeId = request.path("recomputeId");
        RecomputeStatus status =
            recompute
                .status(id, recomputeId)
                .orElseThrow(
                    () ->
                        ApiException.notFound(
                            "No recomputation \"" + recomputeId + "\" of campaign " + id + "."));
        return HttpResponse.json(200, progress(status));
      default:
        throw unknownRoute(request);
    }
  }

  /** The optional body {@code {"mode": "reconcile"|"seed"}}; empty body means reconcile. */
  static RecomputeMode recomputeMode(String body) {
    if (body == null || body.isBlank()) {
      return RecomputeMode.RECONCILE;
    }
    JsonNode node = JsonBody.parse(body);
    if (!node.isObject()) {
      throw new InvalidInputException(
          "The request body must be a JSON object.",
          List.of(Problem.of("body", "must be an object like {\"mode\": \"seed\"}")));
    }
    List<Problem> problems = new ArrayList<>();
    FieldReader f = FieldReader.of(node, null, problems);
    f.rejectUnknown(Set.of("mode"));
    JsonNode mode = node.path("mode");
    RecomputeMode value = RecomputeMode.RECONCILE;
    if (!mode.isMissingNode()) {
      value = RecomputeMode.fromWire(mode.isTextual() ? mode.asText() : null).orElse(null);
      if (value == null) {
        problems.add(Problem.of("mode", "must be \"reconcile\" or \"seed\""));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("The recomputation request is not valid.", problems);
    }
    return value;
  }

  /** A recompute's progress as docs/api.md shows it. */
  private static Map<String, Object> progress(RecomputeStatus s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recomputeId", s.recomputeId());
    body.put("campaignId", s.campaignId());
    body.put("mode", s.mode().wire());
    body.put("shards", s.shards());
    body.put("shardsDone", s.doneShards().size());
    body.put("finished", s.finished());
    body.put("startedAt", s.startedAt());
    if (s.finished()) {
      body.put("finishedAt", s.finishedAt());
    }
    body.put("unreadable", s.unreadable());
    if (s.reconciliation() != null) {
      body.put("differences", s.reconciliation().differences());
      body.put("examples", s.reconciliation().examples());
    }
    return body;
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
