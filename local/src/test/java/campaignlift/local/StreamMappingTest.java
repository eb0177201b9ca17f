package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** How the twin reads a function's DynamoDB event source mappings and a table's stream. */
class StreamMappingTest {
  private static final String TEMPLATE =
      """
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Handler: campaignlift.handler.EnrolmentStreamHandler::handleRequest
            Events:
              Changes:
                Type: DynamoDB
                Properties:
                  Stream: !GetAtt Things.StreamArn
                  StartingPosition: LATEST
                  BatchSize: 250
                  MaximumBatchingWindowInSeconds: 1
                  BisectBatchOnFunctionError: true
                  MaximumRetryAttempts: 5
                  FunctionResponseTypes:
                    - ReportBatchItemFailures
                  ParallelizationFactor: 2
                  DestinationConfig:
                    OnFailure:
                      Destination: !GetAtt Failures.Arn
              Defaults:
                Type: DynamoDB
                Properties:
                  Stream:
                    Fn::GetAtt: [Plain, StreamArn]
                  StartingPosition: TRIM_HORIZON
        Things:
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
        Plain:
          Type: AWS::DynamoDB::Table
          Properties:
            AttributeDefinitions:
              - AttributeName: id
                AttributeType: S
            KeySchema:
              - AttributeName: id
                KeyType: HASH
        Bucket:
          Type: AWS::S3::Bucket
      """;

  @Test
  void readsEveryPropertyOfADynamoDbEventAndLambdasDefaultsForTheRest(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("template.yaml"), TEMPLATE);
    Template template = Template.read(file);
    assertEquals(
        List.of(
            new StreamMapping(
                "Fn", "Changes", "Things", "LATEST", 250, 1, true, 5, true, 2, "Failures"),
            new StreamMapping(
                "Fn", "Defaults", "Plain", "TRIM_HORIZON", 100, 0, false, -1, false, 1, null)),
        template.streamMappings());
  }

  @Test
  void aTableWithAStreamSpecificationIsCreatedWithItsStream(@TempDir Path dir) throws Exception {
    Template template = Template.read(Files.writeString(dir.resolve("template.yaml"), TEMPLATE));
    Template.Table things = table(template, "Things");
    assertTrue(things.create().streamSpecification().streamEnabled());
    assertEquals(
        StreamViewType.NEW_AND_OLD_IMAGES, things.create().streamSpecification().streamViewType());
    assertNull(table(template, "Plain").create().streamSpecification());
  }

  /** Every mapping of the real template reads a table that has a stream, for a function it has. */
  @Test
  void templateMappingsReadTablesThatHaveStreams() throws Exception {
    Template template = Template.read(TestBackends.projectRoot().resolve("template.yaml"));
    for (StreamMapping m : template.streamMappings()) {
      assertNotNull(template.function(m.functionId()));
      assertNotNull(
          table(template, m.tableId()).create().streamSpecification(),
          m.tableId() + " needs a StreamSpecification for " + m.functionId());
    }
    assertNotNull(
        table(template, "EnrolmentsTable").create().streamSpecification(),
        "the enrolments stream feeds the aggregates (docs/aggregates.md)");
  }

  private static Template.Table table(Template template, String id) {
    return template.tables().stream()
        .filter(t -> t.logicalId().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no table " + id));
  }
}
