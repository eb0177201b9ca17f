package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps {@code openapi.yaml} honest: its operations are exactly template.yaml's routes, every
 * operation documents the statuses it must, and every response the real local twin gives (driven
 * over HTTP through every route, with good and bad requests) has a documented status and matches
 * the documented schema: every required field present (recursively, through {@code $ref}s), types
 * and enums as documented, and no field where the schema says {@code additionalProperties: false}.
 */
class OpenApiTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final String SCHEMAS = "#/components/schemas/";

  private static JsonNode api;
  private static Template template;

  @BeforeAll
  static void read() throws Exception {
    Path root = TestBackends.projectRoot();
    api = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("openapi.yaml").toFile());
    template = Template.read(root.resolve("template.yaml"));
  }

  /** "METHOD /path" of every operation in openapi.yaml. */
  private static Set<String> operations() {
    Set<String> out = new TreeSet<>();
    api.path("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        m -> {
                          if (METHODS.contains(m)) {
                            out.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
                          }
                        }));
    return out;
  }

  private static JsonNode operation(String routeKey) {
    int space = routeKey.indexOf(' ');
    JsonNode op =
        api.path("paths")
            .path(routeKey.substring(space + 1))
            .path(routeKey.substring(0, space).toLowerCase(Locale.ROOT));
    assertTrue(op.isObject(), "openapi.yaml has no operation " + routeKey);
    return op;
  }

  @Test
  void operationsAreExactlyTheTemplateRoutes() {
    Set<String> routes = new TreeSet<>();
    template.routes().forEach(r -> routes.add(r.routeKey()));
    assertEquals(14, routes.size(), "template.yaml routes: " + routes);
    assertEquals(routes, operations());
  }

  @Test
  void everyOperationDocumentsItsStatusesAndParameters() {
    assertEquals("3.0.3", api.path("openapi").asText());
    JsonNode scheme = api.path("components").path("securitySchemes").path("awsSigV4");
    assertEquals("apiKey", scheme.path("type").asText());
    assertEquals("Authorization", scheme.path("name").asText());
    assertEquals("header", scheme.path("in").asText());
    assertEquals("awsSigv4", scheme.path("x-amazon-apigateway-authtype").asText());
    assertTrue(api.path("security").toString().contains("awsSigV4"), "SigV4 applies globally");
    List<String> servers = new ArrayList<>();
    api.path("servers").forEach(s -> servers.add(s.path("url").asText()));
    assertTrue(servers.contains("http://127.0.0.1:3000"), "local twin server: " + servers);

    List<String> missing = new ArrayList<>();
    for (String key : operations()) {
      JsonNode op = operation(key);
      String path = key.substring(key.indexOf(' ') + 1);
      JsonNode responses = op.path("responses");
      Set<String> statuses = new TreeSet<>();
      responses.fieldNames().forEachRemaining(statuses::add);
      if (statuses.stream().noneMatch(s -> s.startsWith("2") || s.startsWith("3"))) {
        missing.add(key + ": no success status");
      }
      List<JsonNode> params = parameters(path, op);
      boolean takesInput = op.has("requestBody") || !params.isEmpty();
      if (takesInput && !statuses.contains("400")) {
        missing.add(key + ": takes input but documents no 400");
      }
      // PUT /campaigns/{campaignId} creates an unknown campaign (201), so it cannot be a 404.
      boolean upsert = key.equals("PUT /campaigns/{campaignId}");
      if (path.contains("{campaignId}") && !upsert && !statuses.contains("404")) {
        missing.add(key + ": has {campaignId} but documents no 404");
      }
      if (op.has("requestBody") && !statuses.contains("413")) {
        missing.add(key + ": takes a body but documents no 413");
      }
      if (!statuses.contains("500")) {
        missing.add(key + ": no 500");
      }
      if (statuses.contains("501")) {
        missing.add(key + ": documents 501, which no route answers any more");
      }
      Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
      while (m.find()) {
        String name = m.group(1);
        boolean declared =
            params.stream()
                .anyMatch(
                    p ->
                        p.path("in").asText().equals("path")
                            && p.path("name").asText().equals(name)
                            && p.path("required").asBoolean());
        if (!declared) {
          missing.add(key + ": path parameter " + name + " not declared (required)");
        }
      }
      for (JsonNode p : params) {
        if (p.path("in").asText().equals("query")
            && !Set.of("limit", "nextToken", "archived").contains(name(p))) {
          missing.add(key + ": unexpected query parameter " + name(p));
        }
      }
      responses.forEach(
          r -> {
            if (!resolve(r).has("description")) {
              missing.add(key + ": a response without description");
            }
          });
    }
    for (String paged : List.of("GET /campaigns", "GET /campaigns/{campaignId}/results")) {
      Set<String> names = new TreeSet<>();
      String path = paged.substring(paged.indexOf(' ') + 1);
      parameters(path, operation(paged)).forEach(p -> names.add(name(p)));
      if (!names.containsAll(Set.of("limit", "nextToken"))) {
        missing.add(paged + ": limit and nextToken not both documented: " + names);
      }
    }
    List<String> refs = new ArrayList<>();
    collectRefs(api, refs);
    for (String ref : refs) {
      if (!pointer(ref).isObject()) {
        missing.add("dangling $ref " + ref);
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void everyExampleMatchesItsSchema() {
    List<String> problems = new ArrayList<>();
    int examples = 0;
    for (String key : operations()) {
      JsonNode op = operation(key);
      List<Map.Entry<String, JsonNode>> media = new ArrayList<>();
      resolve(op.path("requestBody"))
          .path("content")
          .properties()
          .forEach(m -> media.add(Map.entry(key + " request", m.getValue())));
      op.path("responses")
          .properties()
          .forEach(
              r ->
                  resolve(r.getValue())
                      .path("content")
                      .properties()
                      .forEach(m -> media.add(Map.entry(key + " " + r.getKey(), m.getValue()))));
      for (Map.Entry<String, JsonNode> m : media) {
        JsonNode schema = m.getValue().path("schema");
        if (m.getValue().has("example")) {
          check(schema, m.getValue().path("example"), m.getKey() + " example", problems);
          examples++;
        }
        for (Map.Entry<String, JsonNode> e : m.getValue().path("examples").properties()) {
          check(
              schema, resolve(e.getValue()).path("value"), m.getKey() + " " + e.getKey(), problems);
          examples++;
        }
      }
    }
    for (Map.Entry<String, JsonNode> s : api.path("components").path("schemas").properties()) {
      if (s.getValue().has("example")) {
        check(s.getValue(), s.getValue().path("example"), s.getKey() + " example", problems);
        examples++;
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(examples >= 8, "examples checked: " + examples);
    for (String main :
        List.of(
            "PUT /campaigns/{campaignId}",
            "POST /campaigns/{campaignId}/exposures",
            "POST /outcomes",
            "POST /campaigns/{campaignId}/evaluations")) {
      JsonNode body = operation(main).path("requestBody").path("content").path("application/json");
      assertTrue(body.has("example") || body.has("examples"), main + " has a request example");
    }
  }

  @Test
  void theSchemaWalkerCatchesMismatches() throws Exception {
    JsonNode campaign =
        Http.JSON.readTree(
            "{\"campaignId\": \"c\", \"name\": 7, \"startAt\": \"2026-03-01T00:00:00Z\","
                + " \"windowDays\": 14, \"newUserDays\": 30, \"groups\": [{\"name\": \"a\","
                + " \"weight\": 1}], \"segmentAttributes\": [], \"alpha\": null,"
                + " \"sequential\": true, \"cuped\": true, \"correction\": \"bonferroni\","
                + " \"shards\": 16, \"createdAt\": \"x\", \"enrolments\": 3}");
    List<String> problems = new ArrayList<>();
    check(api.path("components").path("schemas").path("Campaign"), campaign, "$", problems);
    assertEquals(
        new TreeSet<>(
            List.of(
                "$: required field updatedAt missing",
                "$.name: expected string, got NUMBER",
                "$.groups[0]: required field control missing",
                "$.alpha: null but not nullable",
                "$.correction: \"bonferroni\" is not one of [\"bh\",\"holm\",\"none\"]",
                "$.enrolments: not documented (additionalProperties: false)")),
        new TreeSet<>(problems));
  }

  private static String name(JsonNode parameter) {
    return parameter.path("name").asText();
  }

  /** Path-item and operation parameters, $refs resolved. */
  private static List<JsonNode> parameters(String path, JsonNode op) {
    List<JsonNode> out = new ArrayList<>();
    api.path("paths").path(path).path("parameters").forEach(p -> out.add(resolve(p)));
    op.path("parameters").forEach(p -> out.add(resolve(p)));
    return out;
  }

  private static void collectRefs(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if (e.getKey().equals("$ref")) {
                  out.add(e.getValue().asText());
                } else {
                  collectRefs(e.getValue(), out);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, out));
    }
  }

  private static JsonNode pointer(String ref) {
    assertTrue(ref.startsWith("#/"), "only local $refs: " + ref);
    return api.at(ref.substring(1));
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    while (n.has("$ref")) {
      n = pointer(n.path("$ref").asText());
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // Against the real local twin: one scenario drives every route (good and bad requests, in the
  // order a campaign lives through them); each route and status is then checked on its own.
  // ---------------------------------------------------------------------------------------------

  /**
   * One real exchange: the operation (route key) it went to, the status it must answer, what came
   * back and what else the scenario relies on.
   */
  private record Observed(
      String operation, int expected, Http.Response response, List<Fact> facts) {
    String where() {
      var request = response.raw().request();
      return request.method() + " " + request.uri().getRawPath() + " -> " + response.status();
    }
  }

  /** Something a step relies on beyond its schema, e.g. that all 40 exposures were accepted. */
  private record Fact(String what, Predicate<JsonNode> holds) {}

  /** The exchanges of one run of the scenario, in order. */
  private static final class Exchanges {
    final List<Observed> seen = new ArrayList<>();

    Http.Response expect(String operation, Http.Response response, int status, Fact... facts) {
      seen.add(new Observed(operation, status, response, List.of(facts)));
      return response;
    }
  }

  /**
   * Per documented route: it was driven, and per status it must answer, every real response has a
   * documented status, its required headers and a body matching the documented schema.
   */
  @TestFactory
  Stream<DynamicNode> realResponsesMatchTheDocument() throws Exception {
    List<Observed> seen = drive(new Http(TestBackends.get().url()));
    Map<String, Map<Integer, List<Observed>>> byRoute = new TreeMap<>();
    for (Observed o : seen) {
      byRoute
          .computeIfAbsent(o.operation(), k -> new TreeMap<>())
          .computeIfAbsent(o.expected(), k -> new ArrayList<>())
          .add(o);
    }
    Set<String> routes = new TreeSet<>(operations());
    routes.addAll(byRoute.keySet());
    Stream<DynamicNode> perRoute =
        routes.stream().map(route -> route(route, byRoute.getOrDefault(route, Map.of())));
    return Stream.concat(perRoute, Stream.of(schemasSeenForReal(seen)));
  }

  private static DynamicContainer route(String route, Map<Integer, List<Observed>> byStatus) {
    Stream<DynamicNode> driven =
        Stream.of(
            dynamicTest(
                "is driven",
                () -> {
                  assertTrue(operations().contains(route), route + " is not in openapi.yaml");
                  assertTrue(!byStatus.isEmpty(), route + " was never requested");
                }));
    Stream<DynamicNode> statuses =
        byStatus.entrySet().stream()
            .map(
                s ->
                    dynamicTest(
                        s.getKey() + " answers as documented",
                        () -> assertEquals(List.of(), problems(s.getValue()))));
    return dynamicContainer(route, Stream.concat(driven, statuses));
  }

  /** Status, required headers, body against its schema and the step's facts, for each exchange. */
  private static List<String> problems(List<Observed> exchanges) {
    List<String> problems = new ArrayList<>();
    for (Observed o : exchanges) {
      String where = o.where();
      JsonNode body = o.response().json();
      if (o.response().status() != o.expected()) {
        problems.add(where + ": expected " + o.expected() + ": " + body);
      }
      for (Fact f : o.facts()) {
        if (body == null || !f.holds().test(body)) {
          problems.add(where + ": " + f.what() + ": " + body);
        }
      }
      JsonNode documented = documentedResponse(o);
      if (documented.isMissingNode()) {
        problems.add(where + ": status not documented (documented: " + statuses(o) + ")");
        continue;
      }
      JsonNode response = resolve(documented);
      for (Map.Entry<String, JsonNode> h : response.path("headers").properties()) {
        boolean required = resolve(h.getValue()).path("required").asBoolean(false);
        if (required && o.response().raw().headers().firstValue(h.getKey()).isEmpty()) {
          problems.add(where + ": required header " + h.getKey() + " missing");
        }
      }
      JsonNode schema = response.path("content").path("application/json").path("schema");
      if (schema.isMissingNode()) {
        if (body != null) {
          problems.add(where + ": documented without a body but has one");
        }
        continue;
      }
      if (body == null) {
        problems.add(where + ": documented with a JSON body but has none");
        continue;
      }
      check(schema, body, where + " $", problems);
    }
    return problems;
  }

  /** The documented response for the status an exchange answered (missing when undocumented). */
  private static JsonNode documentedResponse(Observed o) {
    String key = o.operation();
    int space = key.indexOf(' ');
    return api.path("paths")
        .path(key.substring(space + 1))
        .path(key.substring(0, space).toLowerCase(Locale.ROOT))
        .path("responses")
        .path(String.valueOf(o.response().status()));
  }

  private static Set<String> statuses(Observed o) {
    Set<String> out = new TreeSet<>();
    operation(o.operation()).path("responses").fieldNames().forEachRemaining(out::add);
    return out;
  }

  /**
   * Across routes: every key schema was seen for real; Campaign, BatchResult and Assignment
   * document exactly the top-level fields the code writes (over all responses seen: optional fields
   * such as endAt, cost and exposuresStartedAt occur in some of them), so nothing undocumented
   * appears and nothing documented is made up; the main error codes were driven (every one observed
   * is documented, as the schema's enum checks).
   */
  private static DynamicContainer schemasSeenForReal(List<Observed> seen) {
    Map<String, List<JsonNode>> bySchema = new LinkedHashMap<>();
    for (Observed o : seen) {
      JsonNode schema =
          resolve(documentedResponse(o)).path("content").path("application/json").path("schema");
      if (schema.has("$ref") && o.response().json() != null) {
        bySchema
            .computeIfAbsent(schema.path("$ref").asText(), k -> new ArrayList<>())
            .add(o.response().json());
      }
    }
    List<DynamicNode> tests = new ArrayList<>();
    for (String name :
        List.of(
            "Campaign",
            "CampaignPage",
            "Assignment",
            "BatchResult",
            "Result",
            "ResultPage",
            "Error")) {
      tests.add(
          dynamicTest(
              name + " is observed",
              () ->
                  assertTrue(
                      bySchema.containsKey(SCHEMAS + name),
                      name + " never observed: " + bySchema.keySet())));
    }
    for (String name : List.of("Campaign", "BatchResult", "Assignment")) {
      tests.add(
          dynamicTest(
              name + " documents exactly the fields the code writes",
              () -> {
                Set<String> documented = new TreeSet<>();
                pointer(SCHEMAS + name)
                    .path("properties")
                    .fieldNames()
                    .forEachRemaining(documented::add);
                Set<String> actual = new TreeSet<>();
                for (JsonNode body : bySchema.getOrDefault(SCHEMAS + name, List.of())) {
                  body.fieldNames().forEachRemaining(actual::add);
                }
                assertEquals(documented, actual, name + ": documented vs real top-level fields");
              }));
    }
    tests.add(
        dynamicTest(
            "the main error codes are observed",
            () -> {
              Set<String> codes = new TreeSet<>();
              bySchema
                  .getOrDefault(SCHEMAS + "Error", List.of())
                  .forEach(e -> codes.add(e.path("error").path("code").asText()));
              Set<String> main =
                  Set.of(
                      "bad_json", "invalid_request", "not_found", "conflict", "payload_too_large");
              assertTrue(codes.containsAll(main), "error codes observed: " + codes);
            }));
    return dynamicContainer("schemas seen for real", tests.stream());
  }

  /** Drives every route of the twin through a campaign's life, with good and bad requests. */
  private static List<Observed> drive(Http http) {
    Exchanges x = new Exchanges();
    String id = Campaigns.uniqueId("openapi");
    String unknown = Campaigns.uniqueId("openapi-none");
    String badId = "/campaigns/" + enc("bad id!");
    String oversized = "{\"outcomes\": [\"" + "x".repeat(ApiLimits.OVER_ONE_MB) + "\"]}";
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    // Campaigns.
    String putCampaign = "PUT /campaigns/{campaignId}";
    ObjectNode campaign = Campaigns.evenSplit();
    campaign.put("startAt", now.minus(Duration.ofDays(40)).toString());
    campaign.put("endAt", now.plus(Duration.ofDays(30)).toString());
    campaign.put("windowDays", 7);
    campaign.put("cost", 100.0);
    campaign.put("shards", 2);
    x.expect(putCampaign, http.put("/campaigns/" + id, campaign.toString()), 201);
    x.expect(putCampaign, http.put("/campaigns/" + id, campaign.toString()), 200);
    ObjectNode bad = campaign.deepCopy();
    bad.remove("name");
    ((ObjectNode) bad.path("groups").path(1)).put("weight", 2);
    bad.put("colour", "red");
    x.expect(putCampaign, http.put("/campaigns/" + id, bad.toString()), 400);
    x.expect(putCampaign, http.put("/campaigns/" + id, "{\"name\":"), 400);
    x.expect(putCampaign, http.put(badId, campaign.toString()), 400);
    x.expect(putCampaign, http.put("/campaigns/" + id, oversized), 413);

    String getCampaign = "GET /campaigns/{campaignId}";
    x.expect(getCampaign, http.get("/campaigns/" + id), 200);
    x.expect(getCampaign, http.get("/campaigns/" + unknown), 404);
    x.expect(getCampaign, http.get(badId), 400);

    String list = "GET /campaigns";
    Http.Response page = x.expect(list, http.get("/campaigns?limit=1"), 200);
    if (page.json() != null && page.json().path("nextToken").isTextual()) {
      String token = enc(page.json().path("nextToken").asText());
      x.expect(list, http.get("/campaigns?limit=100&nextToken=" + token), 200);
    }
    x.expect(list, http.get("/campaigns?limit=0"), 400);
    x.expect(list, http.get("/campaigns?limit=ten"), 400);
    x.expect(list, http.get("/campaigns?nextToken=" + enc("not a token!")), 400);

    String assignment = "GET /campaigns/{campaignId}/assignments/{userId}";
    x.expect(assignment, http.get("/campaigns/" + id + "/assignments/user-1"), 200);
    x.expect(assignment, http.get("/campaigns/" + unknown + "/assignments/user-1"), 404);
    x.expect(assignment, http.get("/campaigns/" + id + "/assignments/" + enc("bad user!")), 400);

    // Results before any evaluation.
    String latest = "GET /campaigns/{campaignId}/results/latest";
    String history = "GET /campaigns/{campaignId}/results";
    String report = "GET /campaigns/{campaignId}/report";
    x.expect(latest, http.get("/campaigns/" + id + "/results/latest"), 404);
    x.expect(report, http.get("/campaigns/" + id + "/report"), 404);
    x.expect(history, http.get("/campaigns/" + id + "/results"), 200);

    // Exposures: 40 users enrolled 20 days ago, half in each group.
    String exposures = "POST /campaigns/{campaignId}/exposures";
    ObjectNode xs = Http.JSON.createObjectNode();
    ArrayNode xa = xs.putArray("exposures");
    ObjectNode os = Http.JSON.createObjectNode();
    ArrayNode oa = os.putArray("outcomes");
    for (int i = 0; i < 40; i++) {
      Instant t0 = now.minus(Duration.ofDays(20)).plusSeconds(60L * i);
      ObjectNode e = xa.addObject().put("userId", "u" + i).put("at", t0.toString());
      e.put("group", i % 2 == 0 ? "control" : "coupon");
      e.putObject("attributes").put("channel", i % 3 == 0 ? "email" : "push");
      e.put("userCreatedAt", t0.minus(Duration.ofDays(i)).toString());
      for (int k = 0; k < 1 + (i % 3) + (i % 2); k++) {
        oa.addObject()
            .put("eventId", id + "-a" + i + "-" + k)
            .put("userId", "u" + i)
            .put("type", "activity")
            .put("at", t0.plus(Duration.ofHours(1 + 7 * k + i % 5)).toString());
      }
      if (i % 4 != 0) {
        for (int k = 0; k < 1 + i % 3; k++) {
          oa.addObject()
              .put("eventId", id + "-p" + i + "-" + k)
              .put("userId", "u" + i)
              .put("type", "purchase")
              .put("at", t0.plus(Duration.ofHours(2 + 13 * k + i % 7)).toString())
              .put("value", 10 + i % 9 + k);
        }
      }
      if (i % 5 == 1 || i % 7 == 0) {
        oa.addObject()
            .put("eventId", id + "-s" + i)
            .put("userId", id + "-friend" + i)
            .put("type", "signup")
            .put("at", t0.plus(Duration.ofDays(1 + i % 3)).toString())
            .put("referredBy", "u" + i);
      }
      oa.addObject()
          .put("eventId", id + "-pre" + i)
          .put("userId", "u" + i)
          .put("type", "activity")
          .put("at", t0.minus(Duration.ofDays(1 + i % 4)).toString());
    }
    x.expect(
        exposures,
        http.post("/campaigns/" + id + "/exposures", xs.toString()),
        200,
        new Fact("all 40 exposures accepted", j -> j.path("accepted").asInt() == 40));
    x.expect(exposures, http.post("/campaigns/" + id + "/exposures", xs.toString()), 200);
    ObjectNode badX = Http.JSON.createObjectNode();
    badX.putArray("exposures")
        .addObject()
        .put("userId", "u1")
        .put("at", now.plus(Duration.ofDays(2)).toString())
        .put("group", "nope");
    x.expect(exposures, http.post("/campaigns/" + id + "/exposures", badX.toString()), 400);
    x.expect(exposures, http.post("/campaigns/" + id + "/exposures", "[1,"), 400);
    x.expect(exposures, http.post("/campaigns/" + unknown + "/exposures", xs.toString()), 404);
    x.expect(exposures, http.post("/campaigns/" + id + "/exposures", oversized), 413);

    // The design is frozen now: a change of windowDays or shards is a 409.
    ObjectNode redesign = campaign.deepCopy();
    redesign.put("windowDays", 14);
    x.expect(putCampaign, http.put("/campaigns/" + id, redesign.toString()), 409);
    ObjectNode reshard = campaign.deepCopy();
    reshard.put("shards", 3);
    x.expect(putCampaign, http.put("/campaigns/" + id, reshard.toString()), 409);
    x.expect(
        getCampaign,
        http.get("/campaigns/" + id),
        200,
        new Fact("exposuresStartedAt is set", j -> j.has("exposuresStartedAt")));

    // Outcomes.
    String outcomes = "POST /outcomes";
    int sent = oa.size();
    x.expect(
        outcomes,
        http.post("/outcomes", os.toString()),
        200,
        new Fact("all " + sent + " outcomes accepted", j -> j.path("accepted").asInt() == sent));
    x.expect(outcomes, http.post("/outcomes", os.toString()), 200);
    ObjectNode badO = Http.JSON.createObjectNode();
    badO.putArray("outcomes")
        .addObject()
        .put("eventId", "e1")
        .put("userId", "u1")
        .put("type", "refund")
        .put("at", "yesterday");
    x.expect(outcomes, http.post("/outcomes", badO.toString()), 400);
    x.expect(outcomes, http.post("/outcomes", "{\"outcomes\": []}"), 400);
    x.expect(outcomes, http.post("/outcomes", ""), 400);
    x.expect(outcomes, http.post("/outcomes", oversized), 413);

    // Shopify webhooks (docs/shopify.md): signed with the twin's secret from the environment.
    String shopify = "POST /webhooks/shopify";
    String secret = System.getenv("SHOPIFY_WEBHOOK_SECRET");
    String order =
        "{\"id\":"
            + java.util.concurrent.ThreadLocalRandom.current()
                .nextLong(100_000_000_000_000_000L, 900_000_000_000_000_000L)
            + ",\"test\":false,\"processed_at\":\"2026-03-02T09:14:21-05:00\","
            + "\"total_price_set\":{\"shop_money\":{\"amount\":\"49.90\",\"currency_code\":\"USD\"}},"
            + "\"customer\":{\"id\":"
            + java.util.concurrent.ThreadLocalRandom.current()
                .nextLong(100_000_000_000_000_000L, 900_000_000_000_000_000L)
            + "}}";
    java.util.function.BiFunction<String, String, Map<String, String>> signedAs =
        (topic, body) ->
            Map.of(
                "X-Shopify-Topic",
                topic,
                "X-Shopify-Hmac-Sha256",
                campaignlift.webhook.ShopifySignature.sign(
                    body.getBytes(StandardCharsets.UTF_8), secret));
    x.expect(
        shopify,
        http.post("/webhooks/shopify", order, signedAs.apply("orders/paid", order)),
        200,
        new Fact("the order is a purchase", j -> j.path("type").asText().equals("purchase")));
    x.expect(
        shopify,
        http.post("/webhooks/shopify", order, signedAs.apply("products/create", order)),
        200,
        new Fact("another topic is skipped", j -> j.has("skipped")));
    x.expect(
        shopify,
        http.post("/webhooks/shopify", order, Map.of("X-Shopify-Topic", "orders/paid")),
        401);
    String badTime = order.replace("2026-03-02T09:14:21-05:00", "yesterday");
    x.expect(
        shopify,
        http.post("/webhooks/shopify", badTime, signedAs.apply("orders/paid", badTime)),
        422);
    x.expect(
        shopify,
        http.post("/webhooks/shopify", "[1, 2", signedAs.apply("orders/paid", "[1, 2")),
        400);
    x.expect(shopify, http.post("/webhooks/shopify", oversized, Map.of()), 413);

    // Evaluate (twice: all enrolments, then the default body), then read the results. Results are
    // read from the stream-fed aggregates (docs/aggregates.md): wait until the enrolments written
    // above are folded, as a client waits on the result's freshness, or a loaded machine sees none.
    try {
      TestBackends.get().streams().awaitCaughtUp(FoldedAggregates.CATCH_UP);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("the stream did not catch up", e);
    }
    String evaluate = "POST /campaigns/{campaignId}/evaluations";
    String evaluations = "/campaigns/" + id + "/evaluations";
    x.expect(evaluate, http.post(evaluations, "{\"maturedOnly\": false}"), 201);
    x.expect(evaluate, http.post(evaluations, ""), 201);
    x.expect(evaluate, http.post(evaluations, "{\"maturedOnly\": \"yes\"}"), 400);
    x.expect(evaluate, http.post(evaluations, "{\"matured\": true}"), 400);
    x.expect(evaluate, http.post("/campaigns/" + unknown + "/evaluations", "{}"), 404);
    x.expect(evaluate, http.post(evaluations, oversized), 413);

    // Recompute (docs/aggregates.md): started at once (202), its progress readable at Location.
    String recompute = "POST /campaigns/{campaignId}/recomputations";
    String progress = "GET /campaigns/{campaignId}/recomputations/{recomputeId}";
    String recomputations = "/campaigns/" + id + "/recomputations";
    Http.Response started =
        x.expect(
            recompute,
            http.post(recomputations, "{\"mode\": \"reconcile\"}"),
            202,
            new Fact("one task per shard", j -> j.path("shards").asInt() == 2));
    x.expect(recompute, http.post(recomputations, ""), 202);
    x.expect(recompute, http.post(recomputations, "{\"mode\": \"fast\"}"), 400);
    x.expect(recompute, http.post(recomputations, "{\"mood\": \"seed\"}"), 400);
    x.expect(recompute, http.post("/campaigns/" + unknown + "/recomputations", "{}"), 404);
    x.expect(recompute, http.post(badId + "/recomputations", "{}"), 400);
    x.expect(recompute, http.post(recomputations, oversized), 413);
    String location = started.raw().headers().firstValue("location").orElse(recomputations + "/x");
    x.expect(
        progress,
        http.get(location),
        200,
        new Fact("the progress names its shards", j -> j.path("shards").asInt() == 2));
    x.expect(progress, http.get(recomputations + "/no-such-recompute"), 404);
    x.expect(progress, http.get("/campaigns/" + unknown + "/recomputations/x"), 404);
    x.expect(progress, http.get(badId + "/recomputations/x"), 400);

    x.expect(
        latest,
        http.get("/campaigns/" + id + "/results/latest"),
        200,
        new Fact("the result has rows", j -> j.path("results").size() > 0));
    x.expect(latest, http.get("/campaigns/" + unknown + "/results/latest"), 404);
    x.expect(latest, http.get(badId + "/results/latest"), 400);

    Http.Response first =
        x.expect(
            history,
            http.get("/campaigns/" + id + "/results?limit=1"),
            200,
            new Fact("one item on a page of 1", j -> j.path("items").size() == 1));
    String token = first.json() == null ? "" : first.json().path("nextToken").asText();
    x.expect(
        history, http.get("/campaigns/" + id + "/results?limit=1&nextToken=" + enc(token)), 200);
    x.expect(history, http.get("/campaigns/" + id + "/results?limit=101"), 400);
    x.expect(
        history, http.get("/campaigns/" + id + "/results?nextToken=" + enc("not a token!")), 400);
    x.expect(history, http.get("/campaigns/" + unknown + "/results"), 404);

    x.expect(report, http.get("/campaigns/" + id + "/report"), 302);
    x.expect(report, http.get("/campaigns/" + unknown + "/report"), 404);
    x.expect(report, http.get(badId + "/report"), 400);

    // Archive: kept and readable, out of the default listing, closed to exposures and PUTs.
    String archive = "DELETE /campaigns/{campaignId}";
    x.expect(archive, http.delete("/campaigns/" + id), 204);
    x.expect(archive, http.delete("/campaigns/" + id), 204);
    x.expect(archive, http.delete("/campaigns/" + unknown), 404);
    x.expect(archive, http.delete(badId), 400);
    x.expect(
        getCampaign,
        http.get("/campaigns/" + id),
        200,
        new Fact("archivedAt is set", j -> j.has("archivedAt")));
    x.expect(list, http.get("/campaigns?archived=true&limit=100"), 200);
    x.expect(list, http.get("/campaigns?archived=maybe"), 400);
    x.expect(exposures, http.post("/campaigns/" + id + "/exposures", xs.toString()), 409);
    x.expect(putCampaign, http.put("/campaigns/" + id, campaign.toString()), 409);
    x.expect(history, http.get("/campaigns/" + id + "/results"), 200);
    return x.seen;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * A small JSON Schema walker for the subset openapi.yaml uses: $ref, allOf, type, nullable,
   * required, properties, additionalProperties (false or a schema), items and enum.
   */
  static void check(JsonNode schemaOrRef, JsonNode value, String at, List<String> problems) {
    JsonNode schema = resolve(schemaOrRef);
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        problems.add(at + ": null but not nullable");
      }
      return;
    }
    for (JsonNode sub : schema.path("allOf")) {
      check(sub, value, at, problems);
    }
    String type = schema.path("type").asText("");
    boolean typeOk =
        switch (type) {
          case "object" -> value.isObject();
          case "array" -> value.isArray();
          case "string" -> value.isTextual();
          case "integer" -> value.isIntegralNumber();
          case "number" -> value.isNumber();
          case "boolean" -> value.isBoolean();
          default -> true;
        };
    if (!typeOk) {
      problems.add(at + ": expected " + type + ", got " + value.getNodeType());
      return;
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode e : schema.path("enum")) {
        listed |= e.equals(value);
      }
      if (!listed) {
        problems.add(at + ": " + value + " is not one of " + schema.path("enum"));
      }
    }
    if (value.isObject()) {
      for (JsonNode field : schema.path("required")) {
        if (!value.has(field.asText())) {
          problems.add(at + ": required field " + field.asText() + " missing");
        }
      }
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        String child = at + "." + e.getKey();
        if (properties.has(e.getKey())) {
          check(properties.path(e.getKey()), e.getValue(), child, problems);
        } else if (additional.isBoolean() && !additional.asBoolean()) {
          problems.add(child + ": not documented (additionalProperties: false)");
        } else if (additional.isObject()) {
          check(additional, e.getValue(), child, problems);
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.path("items"), value.get(i), at + "[" + i + "]", problems);
      }
    }
  }

  /** Sizes for the oversized-body requests. */
  private static final class ApiLimits {
    /** Just over the 1 MiB the functions accept (and well under the twin's own 10 MB). */
    static final int OVER_ONE_MB = 1024 * 1024 + 16;
  }
}
