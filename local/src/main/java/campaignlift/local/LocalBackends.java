package campaignlift.local;

import campaignlift.store.Backend;
import campaignlift.store.EventBridgeEvents;
import campaignlift.store.Queues;
import campaignlift.store.Tables;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The DynamoDB, S3 and SQS the local twin runs against: embedded DynamoDB Local plus an S3Proxy
 * child process by default, or existing endpoints (LocalStack, a real account), ElasticMQ in this
 * JVM ({@link LocalQueues}) and the result events' bus ({@link LocalEventBus}). Provisions the
 * template's tables, queues and bucket.
 */
public final class LocalBackends implements AutoCloseable {
  /** The bucket's local name; in AWS CloudFormation names it. */
  public static final String LOCAL_BUCKET = "campaign-lift-data";

  private final String dynamoEndpoint;
  private final String s3Endpoint;
  private final LocalQueues queues;
  private final LocalEventBus events;
  private final List<AutoCloseable> owned;

  /** The template's queues (logical id to URL), once {@link #provision} created them. */
  private final Map<String, String> queueUrls = new java.util.concurrent.ConcurrentHashMap<>();

  private LocalBackends(
      String dynamoEndpoint,
      String s3Endpoint,
      LocalQueues queues,
      LocalEventBus events,
      List<AutoCloseable> owned) {
    this.dynamoEndpoint = dynamoEndpoint;
    this.s3Endpoint = s3Endpoint;
    this.queues = queues;
    this.events = events;
    this.owned = owned;
  }

  /**
   * @param dataDir null for in-memory state; otherwise state persists under it between runs
   * @param dynamoEndpoint null to embed DynamoDB Local
   * @param s3Endpoint null to start S3Proxy
   */
  public static LocalBackends start(Path dataDir, String dynamoEndpoint, String s3Endpoint)
      throws Exception {
    Credentials.defaultToLocal();
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      if (dynamoEndpoint == null) {
        EmbeddedDynamo dynamo =
            EmbeddedDynamo.start(dataDir == null ? null : dataDir.resolve("dynamodb"));
        owned.add(dynamo);
        dynamoEndpoint = dynamo.endpoint();
      }
      if (s3Endpoint == null) {
        S3ProxyProcess s3 = S3ProxyProcess.start(dataDir == null ? null : dataDir.resolve("s3"));
        owned.add(s3);
        s3Endpoint = s3.endpoint();
      }
      // SQS is always ElasticMQ in this JVM: it keeps no state worth persisting between runs.
      LocalQueues queues = LocalQueues.start();
      owned.add(queues);
      // The result events: in memory, and appended to events.jsonl when state persists.
      LocalEventBus events =
          LocalEventBus.start(dataDir == null ? null : dataDir.resolve("events.jsonl"));
      owned.add(events);
      return new LocalBackends(dynamoEndpoint, s3Endpoint, queues, events, owned);
    } catch (Exception e) {
      closeAll(owned);
      throw e;
    }
  }

  public String dynamoEndpoint() {
    return dynamoEndpoint;
  }

  public String s3Endpoint() {
    return s3Endpoint;
  }

  /** The twin's SQS server. */
  public LocalQueues queues() {
    return queues;
  }

  /** The twin's EventBridge, which records the result events (docs/result-events.md). */
  public LocalEventBus events() {
    return events;
  }

  /** The template's queues, logical id to URL (empty before {@link #provision}). */
  public Map<String, String> queueUrls() {
    return Map.copyOf(queueUrls);
  }

  /**
   * The functions' environment for this backend: table, bucket and queue names, plus the local
   * endpoints.
   */
  public Map<String, String> environment(Template template) {
    Map<String, String> env = template.environment(LOCAL_BUCKET, queueUrls);
    env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint);
    env.put("AWS_ENDPOINT_URL_S3", s3Endpoint);
    env.put("AWS_ENDPOINT_URL_SQS", queues.endpoint());
    env.put(EventBridgeEvents.ENDPOINT_VARIABLE, events.endpoint());
    return env;
  }

  /** Clients for the functions, optionally with an SDK interceptor (fault injection in tests). */
  public Backend backend(Template template, ExecutionInterceptor interceptor) {
    return Backend.create(
            Tables.fromEnvironment(template.environment(LOCAL_BUCKET)),
            dynamoEndpoint,
            s3Endpoint,
            interceptor)
        .withQueues(
            Queues.of(
                queues.endpoint(), template.environment(LOCAL_BUCKET, queueUrls), interceptor))
        .withEvents(EventBridgeEvents.of(events.endpoint(), interceptor));
  }

  /**
   * Lambda's SQS event sources for the template's functions, on the queues {@link #provision}
   * created.
   */
  public SqsEventSources eventSources(
      Template template,
      LocalFunctions functions,
      PrintStream logs,
      SqsEventSources.Listener listener) {
    return SqsEventSources.start(template, functions, queues, queueUrls, logs, listener);
  }

  /** Creates the template's tables (with TTL), queues and the bucket unless they already exist. */
  public void provision(Template template) {
    queueUrls.putAll(queues.create(template, "", LocalQueues.DEFAULT_VISIBILITY));
    try (Backend admin = backend(template, null)) {
      for (Template.Table table : template.tables()) {
        try {
          admin.dynamo().createTable(table.create());
          admin.dynamo().waiter().waitUntilTableExists(r -> r.tableName(table.logicalId()));
        } catch (ResourceInUseException exists) {
          enableStream(admin, table);
          continue;
        }
        if (table.ttlAttribute() != null) {
          admin
              .dynamo()
              .updateTimeToLive(
                  r ->
                      r.tableName(table.logicalId())
                          .timeToLiveSpecification(
                              t -> t.attributeName(table.ttlAttribute()).enabled(true)));
        }
      }
      try {
        admin.s3().createBucket(r -> r.bucket(LOCAL_BUCKET));
      } catch (BucketAlreadyOwnedByYouException exists) {
        // Persisted state from an earlier run.
      } catch (S3Exception e) {
        if (e.statusCode() != 409) {
          throw e;
        }
      }
    }
  }

  /**
   * Turns on the stream the template declares on a table kept from an earlier run (--data) that was
   * created without it, as a stack update would.
   */
  private static void enableStream(Backend admin, Template.Table table) {
    StreamSpecification wanted = table.create().streamSpecification();
    if (wanted == null) {
      return;
    }
    TableDescription existing =
        admin.dynamo().describeTable(r -> r.tableName(table.logicalId())).table();
    if (existing.latestStreamArn() == null
        || existing.streamSpecification() == null
        || !Boolean.TRUE.equals(existing.streamSpecification().streamEnabled())) {
      admin.dynamo().updateTable(r -> r.tableName(table.logicalId()).streamSpecification(wanted));
    }
  }

  @Override
  public void close() {
    closeAll(owned);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        System.err.println("warning: could not stop a local backend: " + e.getMessage());
      }
    }
    resources.clear();
  }
}
