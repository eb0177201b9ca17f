package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The path the twin takes for a template's {@code Type: DynamoDB} event: the table provisioned with
 * its stream, the mapping started for the function, and the function built and invoked by {@link
 * LocalFunctions} with the records of the real stream.
 */
class TwinStreamMappingTest {
  @Test
  void aTemplatesDynamoDbEventFeedsItsFunctionFromTheTablesStream(@TempDir Path dir)
      throws Exception {
    TestBackends shared = TestBackends.get();
    String tableId = "Things" + UUID.randomUUID().toString().substring(0, 6);
    Path file =
        Files.writeString(
            dir.resolve("template.yaml"),
            """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: campaignlift.local.RecordingStreamHandler::handleRequest
                  Events:
                    Changes:
                      Type: DynamoDB
                      Properties:
                        Stream: !GetAtt %s.StreamArn
                        StartingPosition: TRIM_HORIZON
                        BatchSize: 2
                        FunctionResponseTypes: [ReportBatchItemFailures]
              %s:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions:
                    - AttributeName: id
                      AttributeType: S
                  KeySchema:
                    - AttributeName: id
                      KeyType: HASH
                  StreamSpecification:
                    StreamViewType: NEW_AND_OLD_IMAGES
              Bucket:
                Type: AWS::S3::Bucket
            """
                .formatted(tableId, tableId));
    Template template = Template.read(file);
    // Created from the template's own request, as LocalBackends.provision creates the real tables.
    shared.backend().dynamo().createTable(template.tables().get(0).create());
    LocalFunctions functions =
        new LocalFunctions(template, shared.backend(), Clock.systemUTC(), null);
    RecordingStreamHandler.EVENTS.clear();
    try (StreamMappings streams =
        StreamMappings.start(
            template,
            shared.backends().dynamoEndpoint(),
            UnaryOperator.identity(),
            functions,
            new FailedBatches(null),
            null)) {
      for (String id : List.of("a", "b", "c")) {
        shared
            .backend()
            .dynamo()
            .putItem(r -> r.tableName(tableId).item(Map.of("id", AttributeValue.fromS(id))));
      }
      streams.awaitCaughtUp(Duration.ofSeconds(10));

      List<String> ids = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (byte[] event : RecordingStreamHandler.EVENTS) {
        JsonNode records = json.readTree(event).path("Records");
        sizes.add(records.size());
        records.forEach(r -> ids.add(r.at("/dynamodb/NewImage/id/S").asText()));
      }
      assertEquals(List.of("a", "b", "c"), ids);
      assertEquals(List.of(2, 1), sizes, "BatchSize 2 from the template");
      assertEquals(3, streams.counters().recordsAcknowledged());
    } finally {
      shared.backend().dynamo().deleteTable(r -> r.tableName(tableId));
    }
  }
}
