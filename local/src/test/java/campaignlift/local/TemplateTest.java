package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.store.Backend;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * template.yaml against docs/api.md and the code: every route, every handler, every table the code
 * expects.
 */
class TemplateTest {
  /** The routes docs/api.md describes (and openapi.yaml documents, which OpenApiTest checks). */
  private static final Set<String> DOCUMENTED_ROUTES =
      Set.of(
          "PUT /campaigns/{campaignId}",
          "GET /campaigns/{campaignId}",
          "DELETE /campaigns/{campaignId}",
          "GET /campaigns",
          "GET /campaigns/{campaignId}/assignments/{userId}",
          "POST /campaigns/{campaignId}/exposures",
          "POST /outcomes",
          "POST /campaigns/{campaignId}/evaluations",
          "GET /campaigns/{campaignId}/results/latest",
          "GET /campaigns/{campaignId}/results",
          "GET /campaigns/{campaignId}/report",
          "POST /campaigns/{campaignId}/recomputations",
          "GET /campaigns/{campaignId}/recomputations/{recomputeId}",
          "POST /webhooks/shopify");

  private final Template template = readTemplate();

  private static Template readTemplate() {
    try {
      return Template.read(TestBackends.projectRoot().resolve("template.yaml"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void servesExactlyTheRoutesOfTheApiDocs() {
    Set<String> routes =
        template.routes().stream().map(Template.Route::routeKey).collect(Collectors.toSet());
    assertEquals(DOCUMENTED_ROUTES, routes);
    assertEquals(DOCUMENTED_ROUTES.size(), template.routes().size(), "no route declared twice");
  }

  /**
   * What Lambda needs to run each Handler of template.yaml: a public, concrete class it can create
   * with no arguments, implementing RequestStreamHandler, and the method the Handler names; the
   * twin creates the same class with its own Backend and Clock.
   */
  @Test
  void everyHandlerExistsWithTheLambdaAndTheLocalConstructors() throws Exception {
    assertEquals(11, template.functions().size());
    for (Template.Function f : template.functions().values()) {
      Class<?> type = Class.forName(f.handlerClass());
      int modifiers = type.getModifiers();
      assertTrue(RequestStreamHandler.class.isAssignableFrom(type), f.handlerClass());
      assertTrue(Modifier.isPublic(modifiers), f.handlerClass() + " is public");
      assertFalse(Modifier.isAbstract(modifiers), f.handlerClass() + " is concrete");
      assertDoesNotThrow(() -> type.getConstructor(), f.handlerClass() + " no-arg constructor");
      assertDoesNotThrow(
          () -> type.getConstructor(Backend.class, Clock.class),
          f.handlerClass() + " (Backend, Clock) constructor");
      String handler = resource(f.logicalId()).path("Properties").path("Handler").asText();
      assertEquals(f.handlerClass() + "::handleRequest", handler, f.logicalId() + " Handler");
    }
  }

  @Test
  void environmentNamesEveryTableAndTheBucket() {
    Map<String, String> env = template.environment("bucket");
    Set<String> tables =
        template.tables().stream().map(Template.Table::logicalId).collect(Collectors.toSet());
    for (String v :
        Set.of(
            "CAMPAIGNS_TABLE",
            "USERS_TABLE",
            "ENROLMENTS_TABLE",
            "EVENT_IDS_TABLE",
            "RESULTS_TABLE",
            "AGGREGATES_TABLE")) {
      assertTrue(tables.contains(env.get(v)), v + " refers to a table of the template");
    }
    assertEquals("bucket", env.get("BUCKET"));
  }

  @Test
  void tablesAreOnDemandWithTtlWhereRecordsExpire() {
    for (Template.Table t : template.tables()) {
      assertEquals("PAY_PER_REQUEST", t.create().billingModeAsString(), t.logicalId());
    }
    Map<String, String> ttl =
        template.tables().stream()
            .filter(t -> t.ttlAttribute() != null)
            .collect(Collectors.toMap(Template.Table::logicalId, Template.Table::ttlAttribute));
    // Aggregates: only scheduled runs' summaries carry expiresAt (docs/aggregates.md).
    assertEquals(
        Map.of(
            "UsersTable",
            "expiresAt",
            "EventIdsTable",
            "expiresAt",
            "AggregatesTable",
            "expiresAt"),
        ttl);
  }

  // What AWS enforces and the twin cannot show: read from the template as CloudFormation gets it
  // (short-form tags such as !GetAtt X.Arn read as their scalar argument).
  private final JsonNode raw = readRaw();

  private static JsonNode readRaw() {
    try {
      return new ObjectMapper(new YAMLFactory())
          .readTree(TestBackends.projectRoot().resolve("template.yaml").toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private JsonNode resource(String id) {
    JsonNode r = raw.path("Resources").path(id);
    assertTrue(r.isObject(), "template.yaml declares " + id);
    return r;
  }

  private int timeout(Template.Function f) {
    JsonNode own = resource(f.logicalId()).path("Properties").path("Timeout");
    return own.isMissingNode()
        ? raw.path("Globals").path("Function").path("Timeout").asInt()
        : own.asInt();
  }

  @Test
  void everyApiFunctionStopsBeforeTheHttpApiCutsItAt30Seconds() {
    for (Template.Function f : template.functions().values()) {
      int timeout = timeout(f);
      // What the twin's and the bench's contexts report as the time left.
      assertEquals(timeout, f.timeoutSeconds(), f.logicalId() + " timeout as the twin reads it");
      if (!f.routes().isEmpty()) {
        assertTrue(timeout <= 29, f.logicalId() + " behind the HTTP API has Timeout " + timeout);
      }
      assertTrue(timeout <= 900, f.logicalId() + " exceeds Lambda's 15 minutes");
    }
  }

  @Test
  void everyAsynchronouslyInvokedFunctionHasAnAlarmedDeadLetterQueue() {
    List<String> async = new ArrayList<>();
    for (var r : raw.path("Resources").properties()) {
      JsonNode props = r.getValue().path("Properties");
      if (!r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
        continue;
      }
      boolean invokedAsync = false;
      for (JsonNode event : props.path("Events")) {
        invokedAsync |=
            Set.of("S3", "Schedule", "ScheduleV2").contains(event.path("Type").asText());
      }
      if (!invokedAsync) {
        continue;
      }
      async.add(r.getKey());
      JsonNode onFailure =
          props.path("EventInvokeConfig").path("DestinationConfig").path("OnFailure");
      assertEquals("SQS", onFailure.path("Type").asText(), r.getKey() + " on-failure destination");
      String queue = onFailure.path("Destination").asText().replace(".Arn", "");
      assertEquals("AWS::SQS::Queue", resource(queue).path("Type").asText(), queue);
      boolean alarmed = false;
      for (JsonNode res : raw.path("Resources")) {
        JsonNode a = res.path("Properties");
        alarmed |=
            res.path("Type").asText().equals("AWS::CloudWatch::Alarm")
                && a.path("MetricName").asText().equals("ApproximateNumberOfMessagesVisible")
                && a.path("Dimensions").path(0).path("Value").asText().equals(queue + ".QueueName")
                && a.path("Threshold").asInt(-1) == 0
                && a.path("ComparisonOperator").asText().equals("GreaterThanThreshold");
      }
      assertTrue(alarmed, queue + " has an alarm on its depth");
    }
    assertEquals(Set.of("ImportFunction", "ScheduledEvaluationFunction"), Set.copyOf(async));
  }

  @Test
  void concurrencyAndThrottlingAreParametersWithSafeDefaults() {
    JsonNode params = raw.path("Parameters");
    for (Template.Function f : template.functions().values()) {
      JsonNode reserved =
          resource(f.logicalId()).path("Properties").path("ReservedConcurrentExecutions");
      assertTrue(reserved.isArray(), f.logicalId() + " reserves through a condition (!If)");
      String parameter = reserved.path(1).asText();
      // Unreserved by default: a reservation on a small account fails the deploy.
      assertEquals(-1, params.path(parameter).path("Default").asInt(), parameter);
    }
    JsonNode route = resource("Api").path("Properties").path("DefaultRouteSettings");
    for (String limit : List.of("ThrottlingRateLimit", "ThrottlingBurstLimit")) {
      String parameter = route.path(limit).asText();
      assertTrue(params.path(parameter).path("Default").asInt() > 0, limit + " via " + parameter);
    }
  }

  @Test
  void theBucketPolicyIsRetainedWithItsBucket() {
    assertEquals("Retain", resource("DataBucket").path("DeletionPolicy").asText());
    assertEquals("Retain", resource("DataBucketPolicy").path("DeletionPolicy").asText());
    assertEquals("Retain", resource("DataBucketPolicy").path("UpdateReplacePolicy").asText());
  }

  @Test
  void importMayListOnlyItsPrefixSoAMissingKeyIs404NotForbidden() {
    boolean found = false;
    for (JsonNode policy : resource("ImportFunction").path("Properties").path("Policies")) {
      for (JsonNode st : policy.path("Statement")) {
        if (st.path("Action").toString().contains("s3:ListBucket")) {
          found = true;
          assertEquals(
              "imports/*",
              st.path("Condition").path("StringLike").path("s3:prefix").path(0).asText());
          assertFalse(st.path("Resource").asText().endsWith("*"), "ListBucket is on the bucket");
        }
      }
    }
    assertTrue(found, "ImportFunction has s3:ListBucket");
  }
}
