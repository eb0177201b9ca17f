package campaignlift.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The cold-start floor, run in a fresh JVM by {@link ColdStartBench} on the handlers' own class
 * path: the least any of our functions can do on a new JVM. Reads a small JSON request with a
 * Jackson {@link ObjectMapper} (as every handler reads its event), builds an SDK v2 DynamoDB client
 * on the URL-connection HTTP client with the endpoint, region and credentials from the environment
 * (as {@code campaignlift.store.Backend} does), performs one GetItem and prints a {@link ProbeLine}
 * with the response's wall-clock time.
 *
 * <p>A floor of more services ({@code "services"}) then builds each one's client the same way and
 * makes one call: {@code S3} a PutObject of two bytes (path-style and without checksums on a local
 * endpoint, as the backend's client), {@code EventBridge} a PutEvents of one entry, {@code Sqs} a
 * GetQueueAttributes. That is the least a function calling those services can do.
 *
 * <p>Argument: a JSON file {@code {"table": ..., "key": ..., "value": ..., "services": [...],
 * "bucket": ..., "queueUrl": ...}}: the item to get, then the other services to call, the bucket to
 * put into and the queue to ask about.
 */
public final class FloorMain {
  /** The services a floor can call besides DynamoDB, as the SDK names them. */
  static final List<String> SERVICES = List.of("S3", "EventBridge", "Sqs");

  private FloorMain() {}

  public static void main(String[] args) throws Exception {
    long main = System.currentTimeMillis();
    JsonNode request = new ObjectMapper().readTree(Files.readAllBytes(Path.of(args[0])));
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    String endpoint = System.getenv("AWS_ENDPOINT_URL_DYNAMODB");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    DynamoDbClient dynamo = builder.build();
    GetItemResponse got =
        dynamo.getItem(
            r ->
                r.tableName(request.path("table").asText())
                    .key(
                        Map.of(
                            request.path("key").asText(),
                            AttributeValue.fromS(request.path("value").asText()))));
    for (JsonNode service : request.path("services")) {
      switch (service.asText()) {
        case "S3" -> putObject(request.path("bucket").asText());
        case "EventBridge" -> putEvent();
        case "Sqs" -> queueAttributes(request.path("queueUrl").asText());
        default -> throw new IllegalArgumentException("no floor call for service " + service);
      }
    }
    long response = System.currentTimeMillis();
    new ProbeLine()
        .put("response", response)
        .putJvm()
        .put("main", main)
        .put("found", got.hasItem())
        .printAndHalt();
  }

  private static void putObject(String bucket) {
    S3ClientBuilder builder =
        S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    String endpoint = System.getenv("AWS_ENDPOINT_URL_S3");
    if (endpoint != null && !endpoint.isBlank()) {
      builder
          .endpointOverride(URI.create(endpoint))
          .serviceConfiguration(
              S3Configuration.builder()
                  .pathStyleAccessEnabled(true)
                  .chunkedEncodingEnabled(false)
                  .build())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    S3Client s3 = builder.build();
    s3.putObject(
        r -> r.bucket(bucket).key("cold-start-floor/probe.json").contentType("application/json"),
        RequestBody.fromString("{}"));
  }

  private static void putEvent() {
    EventBridgeClientBuilder builder =
        EventBridgeClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    String endpoint = System.getenv("AWS_ENDPOINT_URL_EVENTBRIDGE");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    EventBridgeClient events = builder.build();
    events.putEvents(
        r ->
            r.entries(
                PutEventsRequestEntry.builder()
                    .source("campaign-lift.bench")
                    .detailType("Cold Start Floor")
                    .detail("{}")
                    .build()));
  }

  private static void queueAttributes(String queueUrl) {
    SqsClientBuilder builder =
        SqsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    String endpoint = System.getenv("AWS_ENDPOINT_URL_SQS");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    SqsClient sqs = builder.build();
    sqs.getQueueAttributes(
        r ->
            r.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }
}
