package campaignlift.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * What the local twin needs from template.yaml: the functions with their handlers and HTTP routes,
 * the tables with their key schemas, the bucket, and the environment the functions get. Read from
 * the template itself so the twin can never drift from what {@code sam deploy} creates.
 * CloudFormation short-form tags ({@code !Ref X}) read as their scalar argument, which is all the
 * twin needs.
 */
public final class Template {
  /**
   * The functions in the order their sample events replay (events/README.md): campaigns first, so
   * the later events find the campaign they name.
   */
  public static final List<String> REPLAY_ORDER =
      List.of(
          "CampaignsFunction",
          "ExposuresFunction",
          "OutcomesFunction",
          "QueueIngestFunction",
          "EnrolmentStreamFunction",
          "ResultsFunction",
          "ScheduledEvaluationFunction",
          "EvaluationWorkerFunction",
          "ImportFunction",
          "RecomputeWorkerFunction",
          "ShopifyWebhookFunction");

  /** One HTTP route of a function: method and path as written in the template. */
  public record Route(String functionId, String method, String path) {
    public String routeKey() {
      return method + " " + path;
    }
  }

  /** One function: logical id, handler class, its routes and the kinds of its other events. */
  /**
   * One function: logical id, handler class, HTTP routes and its timeout ({@code Timeout}, else the
   * template's {@code Globals}, else Lambda's default of 3 s).
   */
  public record Function(
      String logicalId, String handlerClass, List<Route> routes, int timeoutSeconds) {}

  /** Lambda's timeout of a function that sets none. */
  static final int DEFAULT_TIMEOUT_SECONDS = 3;

  /**
   * One table: logical id and the request that creates it (billing, keys, indexes), plus its TTL
   * attribute.
   */
  public record Table(String logicalId, CreateTableRequest create, String ttlAttribute) {}

  /**
   * One SQS queue: logical id, visibility timeout (null: SQS's default) and, from its {@code
   * RedrivePolicy}, the dead-letter queue's logical id and {@code maxReceiveCount} (null, 0 when it
   * has none).
   */
  public record Queue(
      String logicalId,
      Integer visibilityTimeoutSeconds,
      String deadLetterQueueId,
      int maxReceiveCount) {}

  /**
   * One SQS event source of a function: the queue's logical id, the batch size (SQS's default 10)
   * and whether the function reports partial batch failures ({@code ReportBatchItemFailures}).
   */
  public record QueueEvent(
      String functionId, String queueId, int batchSize, boolean reportsItemFailures) {}

  private final Map<String, Function> functions;
  private final List<Table> tables;
  private final String bucketId;
  private final Map<String, String> environment;
  private final Map<String, Queue> queues;
  private final List<QueueEvent> queueEvents;

  /** Variables set on single functions whose value is a queue ({@code !Ref SomeQueue}). */
  private final Map<String, String> queueVariables;

  private final List<StreamMapping> streamMappings;

  private Template(
      Map<String, Function> functions,
      List<Table> tables,
      String bucketId,
      Map<String, String> environment,
      Map<String, Queue> queues,
      List<QueueEvent> queueEvents,
      Map<String, String> queueVariables,
      List<StreamMapping> streamMappings) {
    this.functions = functions;
    this.tables = tables;
    this.bucketId = bucketId;
    this.environment = environment;
    this.queues = queues;
    this.queueEvents = queueEvents;
    this.queueVariables = queueVariables;
    this.streamMappings = streamMappings;
  }

  public static Template read(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    Map<String, Function> functions = new LinkedHashMap<>();
    List<Table> tables = new ArrayList<>();
    List<StreamMapping> mappings = new ArrayList<>();
    String bucket = null;
    Map<String, Queue> queues = new LinkedHashMap<>();
    List<QueueEvent> queueEvents = new ArrayList<>();
    Map<String, String> functionVariables = new LinkedHashMap<>();
    JsonNode globalFn = root.path("Globals").path("Function");
    for (Map.Entry<String, JsonNode> r : root.path("Resources").properties()) {
      String id = r.getKey();
      JsonNode res = r.getValue();
      String type = res.path("Type").asText();
      JsonNode props = res.path("Properties");
      switch (type) {
        case "AWS::Serverless::Function" -> {
          functions.put(id, function(id, props, globalFn));
          queueEvents.addAll(queueEvents(id, props));
          for (Map.Entry<String, JsonNode> e :
              props.path("Environment").path("Variables").properties()) {
            functionVariables.put(e.getKey(), e.getValue().asText());
          }
          mappings.addAll(StreamMapping.of(id, props.path("Events")));
        }
        case "AWS::SQS::Queue" -> queues.put(id, queue(id, props));
        case "AWS::DynamoDB::Table" -> tables.add(table(id, props));
        case "AWS::S3::Bucket" -> bucket = id;
        default -> {
          // Other resources (API, log groups, policies) have no local counterpart.
        }
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e :
        globalFn.path("Environment").path("Variables").properties()) {
      env.put(e.getKey(), e.getValue().asText());
    }
    if (bucket == null) {
      throw new IOException(file + " declares no AWS::S3::Bucket");
    }
    Map<String, String> queueVariables = new LinkedHashMap<>();
    functionVariables.forEach(
        (k, v) -> {
          if (queues.containsKey(v)) {
            queueVariables.put(k, v);
          }
        });
    return new Template(
        functions, tables, bucket, env, queues, queueEvents, queueVariables, List.copyOf(mappings));
  }

  private static Queue queue(String id, JsonNode props) {
    JsonNode visibility = props.path("VisibilityTimeout");
    JsonNode redrive = props.path("RedrivePolicy");
    String dlq = redrive.path("deadLetterTargetArn").asText(null);
    return new Queue(
        id,
        visibility.isMissingNode() ? null : visibility.asInt(),
        dlq == null ? null : dlq.replace(".Arn", ""),
        redrive.path("maxReceiveCount").asInt(0));
  }

  private static List<QueueEvent> queueEvents(String id, JsonNode props) {
    List<QueueEvent> events = new ArrayList<>();
    for (JsonNode event : props.path("Events")) {
      if ("SQS".equals(event.path("Type").asText())) {
        JsonNode p = event.path("Properties");
        boolean partial = false;
        for (JsonNode t : p.path("FunctionResponseTypes")) {
          partial |= "ReportBatchItemFailures".equals(t.asText());
        }
        events.add(
            new QueueEvent(
                id,
                p.path("Queue").asText().replace(".Arn", ""),
                p.path("BatchSize").asInt(10),
                partial));
      }
    }
    return events;
  }

  private static Function function(String id, JsonNode props, JsonNode globals) {
    List<Route> routes = new ArrayList<>();
    for (JsonNode event : props.path("Events")) {
      if ("HttpApi".equals(event.path("Type").asText())) {
        JsonNode p = event.path("Properties");
        routes.add(new Route(id, p.path("Method").asText().toUpperCase(), p.path("Path").asText()));
      }
    }
    String handler = props.path("Handler").asText();
    int colons = handler.indexOf("::");
    int timeout =
        props.path("Timeout").asInt(globals.path("Timeout").asInt(DEFAULT_TIMEOUT_SECONDS));
    return new Function(id, colons < 0 ? handler : handler.substring(0, colons), routes, timeout);
  }

  private static Table table(String id, JsonNode props) {
    CreateTableRequest.Builder create =
        CreateTableRequest.builder().tableName(id).billingMode(BillingMode.PAY_PER_REQUEST);
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (JsonNode a : props.path("AttributeDefinitions")) {
      attributes.add(
          AttributeDefinition.builder()
              .attributeName(a.path("AttributeName").asText())
              .attributeType(a.path("AttributeType").asText())
              .build());
    }
    create.attributeDefinitions(attributes).keySchema(keys(props.path("KeySchema")));
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    for (JsonNode g : props.path("GlobalSecondaryIndexes")) {
      indexes.add(
          GlobalSecondaryIndex.builder()
              .indexName(g.path("IndexName").asText())
              .keySchema(keys(g.path("KeySchema")))
              .projection(
                  Projection.builder()
                      .projectionType(g.path("Projection").path("ProjectionType").asText("ALL"))
                      .build())
              .build());
    }
    if (!indexes.isEmpty()) {
      create.globalSecondaryIndexes(indexes);
    }
    // The stream is what feeds the functions' DynamoDB event source mappings (StreamMapping).
    JsonNode stream = props.path("StreamSpecification").path("StreamViewType");
    if (!stream.isMissingNode()) {
      create.streamSpecification(
          StreamSpecification.builder()
              .streamEnabled(true)
              .streamViewType(stream.asText())
              .build());
    }
    JsonNode ttl = props.path("TimeToLiveSpecification");
    String ttlAttribute =
        ttl.path("Enabled").asBoolean(false) ? ttl.path("AttributeName").asText() : null;
    return new Table(id, create.build(), ttlAttribute);
  }

  private static List<KeySchemaElement> keys(JsonNode schema) {
    List<KeySchemaElement> keys = new ArrayList<>();
    for (JsonNode k : schema) {
      keys.add(
          KeySchemaElement.builder()
              .attributeName(k.path("AttributeName").asText())
              .keyType(k.path("KeyType").asText())
              .build());
    }
    return keys;
  }

  public Map<String, Function> functions() {
    return functions;
  }

  public Function function(String logicalId) {
    Function f = functions.get(logicalId);
    if (f == null) {
      throw new IllegalArgumentException(
          "No function " + logicalId + " in template.yaml; there are " + functions.keySet());
    }
    return f;
  }

  public List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    functions.values().forEach(f -> routes.addAll(f.routes()));
    return routes;
  }

  public List<Table> tables() {
    return tables;
  }

  /** The functions' DynamoDB event source mappings ({@code Events} of {@code Type: DynamoDB}). */
  public List<StreamMapping> streamMappings() {
    return streamMappings;
  }

  public String bucketId() {
    return bucketId;
  }

  /** The SQS queues, by logical id, dead-letter queues included. */
  public Map<String, Queue> queues() {
    return queues;
  }

  /** The functions' SQS event sources. */
  public List<QueueEvent> queueEvents() {
    return queueEvents;
  }

  /**
   * {@link #environment(String)} plus every queue variable a function sets ({@code !Ref Queue}),
   * resolved through {@code queueUrls} (logical id to URL). The twin runs every function on one
   * backend, so each sees all the queue variables; in AWS each sees only its own.
   */
  public Map<String, String> environment(String bucketName, Map<String, String> queueUrls) {
    Map<String, String> env = environment(bucketName);
    env.replaceAll((k, v) -> queueUrls.getOrDefault(v, v));
    queueVariables.forEach(
        (k, queue) -> {
          String url = queueUrls.get(queue);
          if (url != null) {
            env.put(k, url);
          }
        });
    return env;
  }

  /**
   * The functions' environment with each {@code !Ref} resolved to the local name of the resource
   * (its logical id for tables, {@code bucketName} for the bucket).
   */
  public Map<String, String> environment(String bucketName) {
    Map<String, String> env = new LinkedHashMap<>();
    environment.forEach((k, v) -> env.put(k, v.equals(bucketId) ? bucketName : v));
    return env;
  }
}
