package campaignlift.local;

import campaignlift.store.Backend;
import campaignlift.store.Tables;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The template's tables under a fresh name prefix on the shared backends, with a twin on top: for
 * tests that list every campaign or run the schedule and must see only their own items.
 */
final class IsolatedTables implements AutoCloseable {
  private final TestBackends shared;
  private final String prefix;
  private final Backend backend;
  private final HttpTwin twin;

  IsolatedTables(String name) throws Exception {
    shared = TestBackends.get();
    Template template = shared.template();
    prefix = name + UUID.randomUUID().toString().substring(0, 6) + "-";
    Map<String, String> env = new HashMap<>(template.environment(LocalBackends.LOCAL_BUCKET));
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().endsWith("_TABLE")) {
        e.setValue(prefix + e.getValue());
      }
    }
    for (Template.Table t : template.tables()) {
      shared
          .backend()
          .dynamo()
          .createTable(t.create().toBuilder().tableName(prefix + t.logicalId()).build());
    }
    backend =
        Backend.create(
            Tables.fromEnvironment(env),
            shared.backends().dynamoEndpoint(),
            shared.backends().s3Endpoint(),
            null);
    twin =
        HttpTwin.start(template, new LocalFunctions(template, backend, Clock.systemUTC(), null), 0);
  }

  Backend backend() {
    return backend;
  }

  Tables tables() {
    return backend.tables();
  }

  Http http() {
    return new Http(twin.url());
  }

  @Override
  public void close() {
    twin.close();
    backend.close();
    for (Template.Table t : shared.template().tables()) {
      shared.backend().dynamo().deleteTable(r -> r.tableName(prefix + t.logicalId()));
    }
  }
}
