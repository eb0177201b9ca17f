package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.store.Backend;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * template.yaml against SPEC §2 and the code: every route, every handler, every table the code
 * expects.
 */
class TemplateTest {
  private static final Set<String> SPEC_ROUTES =
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
          "GET /campaigns/{campaignId}/report");

  private final Template template = readTemplate();

  private static Template readTemplate() {
    try {
      return Template.read(TestBackends.projectRoot().resolve("template.yaml"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void servesExactlyTheRoutesOfTheSpec() {
    Set<String> routes =
        template.routes().stream().map(Template.Route::routeKey).collect(Collectors.toSet());
    assertEquals(SPEC_ROUTES, routes);
    assertEquals(SPEC_ROUTES.size(), template.routes().size(), "no route declared twice");
  }

  @Test
  void everyHandlerExistsWithTheLambdaAndTheLocalConstructors() throws Exception {
    assertEquals(6, template.functions().size());
    for (Template.Function f : template.functions().values()) {
      Class<?> type = Class.forName(f.handlerClass());
      assertTrue(RequestStreamHandler.class.isAssignableFrom(type), f.handlerClass());
      assertNotNull(type.getConstructor(), f.handlerClass() + " needs a no-arg constructor");
      assertNotNull(type.getConstructor(Backend.class, Clock.class));
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
            "RESULTS_TABLE")) {
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
    assertEquals(Map.of("UsersTable", "expiresAt", "EventIdsTable", "expiresAt"), ttl);
  }
}
