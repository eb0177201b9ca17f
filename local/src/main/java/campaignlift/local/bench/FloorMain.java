package campaignlift.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The cold-start floor, run in a fresh JVM by {@link ColdStartBench} on the handlers' own class
 * path: the least any of our functions can do on a new JVM. Reads a small JSON request with a
 * Jackson {@link ObjectMapper} (as every handler reads its event), builds an SDK v2 DynamoDB client
 * on the URL-connection HTTP client with the endpoint, region and credentials from the environment
 * (as {@code campaignlift.store.Backend} does), performs one GetItem and prints a {@link ProbeLine}
 * with the response's wall-clock time.
 *
 * <p>Argument: a JSON file {@code {"table": ..., "key": ..., "value": ...}}, the item to get.
 */
public final class FloorMain {
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
    long response = System.currentTimeMillis();
    new ProbeLine()
        .put("response", response)
        .putJvm()
        .put("main", main)
        .put("found", got.hasItem())
        .printAndHalt();
  }
}
