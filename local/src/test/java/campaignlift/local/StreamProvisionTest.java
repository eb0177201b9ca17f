package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import campaignlift.store.Backend;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The tables the twin provisions carry the streams template.yaml declares. */
class StreamProvisionTest {
  @Test
  void provisionCreatesTheEnrolmentsStreamAndEnablesItOnATableKeptWithoutIt() throws Exception {
    TestBackends shared = TestBackends.get();
    Template template = shared.template();
    Template.Table enrolments =
        template.tables().stream()
            .filter(t -> t.logicalId().equals("EnrolmentsTable"))
            .findFirst()
            .orElseThrow();
    try (LocalBackends fresh = LocalBackends.start(null, null, shared.backends().s3Endpoint());
        Backend admin = fresh.backend(template, null)) {
      // As a --data directory from before the stream was declared would hold it.
      admin
          .dynamo()
          .createTable(
              enrolments.create().toBuilder()
                  .streamSpecification((StreamSpecification) null)
                  .build());
      assertNull(describe(admin, "EnrolmentsTable").latestStreamArn());

      fresh.provision(template);

      TableDescription kept = describe(admin, "EnrolmentsTable");
      assertNotNull(kept.latestStreamArn());
      assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, kept.streamSpecification().streamViewType());
      assertNull(describe(admin, "CampaignsTable").latestStreamArn(), "only where declared");
    }
  }

  private static TableDescription describe(Backend admin, String table) {
    return admin.dynamo().describeTable(r -> r.tableName(table)).table();
  }
}
