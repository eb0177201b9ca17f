package campaignlift.local.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bench's new events, on the repository's own sample events: each invocation records new data
 * (new event ids, new users where records have none, newer stream records), and what carries none
 * of these is left byte for byte.
 */
class FreshEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EVENTS =
      Path.of(System.getProperty("lift.project.root", "..")).resolve("events");
  private static final long CLOCK = 1_767_000_000_000L;

  @Test
  void exposuresEnrolNewUsersAndTheRequestContextStays() throws IOException {
    byte[] sample = sample("ExposuresFunction/01-post-exposures.json");
    JsonNode was = JSON.readTree(sample);
    JsonNode one = JSON.readTree(FreshEvent.of(sample, "p1", 1, CLOCK));
    JsonNode two = JSON.readTree(FreshEvent.of(sample, "p1", 2, CLOCK));

    List<String> before = values(body(was).path("exposures"), "userId");
    List<String> first = values(body(one).path("exposures"), "userId");
    List<String> second = values(body(two).path("exposures"), "userId");
    assertEquals(before.size(), first.size());
    for (int i = 0; i < before.size(); i++) {
      assertTrue(first.get(i).startsWith(before.get(i)), first.get(i));
      assertNotEquals(before.get(i), first.get(i));
      assertNotEquals(first.get(i), second.get(i), "each invocation its own users");
    }
    assertEquals(was.path("requestContext"), one.path("requestContext"));
    assertEquals(was.path("headers"), one.path("headers"));
  }

  @Test
  void outcomesAreNewEventsOfTheSameUsers() throws IOException {
    byte[] sample = sample("OutcomesFunction/01-post-outcomes.json");
    JsonNode was = body(JSON.readTree(sample)).path("outcomes");
    JsonNode now = body(JSON.readTree(FreshEvent.of(sample, "p2", 1, CLOCK))).path("outcomes");

    assertEquals(values(was, "userId"), values(now, "userId"));
    List<String> before = values(was, "eventId");
    List<String> after = values(now, "eventId");
    for (int i = 0; i < before.size(); i++) {
      assertNotEquals(before.get(i), after.get(i));
    }
  }

  @Test
  void aQueuedMessageCarriesNewEventIds() throws IOException {
    byte[] sample = sample("QueueIngestFunction/01-outcome-message.json");
    JsonNode record = JSON.readTree(FreshEvent.of(sample, "p3", 4, CLOCK)).path("Records").get(0);
    JsonNode message = JSON.readTree(record.path("body").asText());
    String was =
        JSON.readTree(JSON.readTree(sample).path("Records").get(0).path("body").asText())
            .path("outcomes")
            .get(0)
            .path("eventId")
            .asText();
    assertEquals(was + "-p3-4", message.path("outcomes").get(0).path("eventId").asText());
  }

  @Test
  void aStreamRecordIsNewerThanAnyBeforeIt() throws IOException {
    byte[] sample = sample("EnrolmentStreamFunction/01-enrolment-inserted.json");
    BigInteger was =
        new BigInteger(
            JSON.readTree(sample)
                .path("Records")
                .get(0)
                .path("dynamodb")
                .path("SequenceNumber")
                .asText());
    BigInteger first = sequence(FreshEvent.of(sample, "p4", 1, CLOCK));
    BigInteger second = sequence(FreshEvent.of(sample, "p4", 2, CLOCK));
    BigInteger laterProbe = sequence(FreshEvent.of(sample, "p5", 1, CLOCK + 1));

    assertTrue(first.compareTo(was) > 0);
    assertTrue(second.compareTo(first) > 0);
    assertTrue(laterProbe.compareTo(second) > 0);
    assertTrue(first.toString().length() <= 40, "within a stream sequence number's 40 digits");
  }

  @Test
  void whatHasNoIdsStaysByteForByte() throws IOException {
    for (String event :
        List.of(
            "ShopifyWebhookFunction/01-orders-paid.json",
            "CampaignsFunction/01-put-campaign.json",
            "ImportFunction/01-s3-put-exposures.json",
            "ScheduledEvaluationFunction/01-scheduled.json")) {
      byte[] sample = sample(event);
      assertArrayEquals(sample, FreshEvent.of(sample, "p6", 1, CLOCK), event);
    }
  }

  @Test
  void anImportReadsANewCopyOfItsFileUnderANewKey() throws IOException {
    byte[] event = sample("ImportFunction/01-s3-put-exposures.json");
    List<String> keys = FreshEvent.objectKeys(event);
    assertEquals(List.of("imports/exposures/spring-promo/2026-03-02.jsonl"), keys);
    String fresh = FreshEvent.key(keys.get(0), "p7", 3);
    assertEquals("imports/exposures/spring-promo/2026-03-02-p7-3.jsonl", fresh);
    assertEquals(
        List.of(fresh),
        FreshEvent.objectKeys(FreshEvent.withKeys(event, Map.of(keys.get(0), fresh))));

    byte[] file = sample("ImportFunction/objects/" + keys.get(0));
    List<String> was = new String(file, StandardCharsets.UTF_8).lines().toList();
    List<String> now =
        new String(FreshEvent.lines(file, "p7", 3, CLOCK), StandardCharsets.UTF_8).lines().toList();
    assertEquals(was.size(), now.size());
    for (int i = 0; i < was.size(); i++) {
      JsonNode before = JSON.readTree(was.get(i));
      JsonNode after = JSON.readTree(now.get(i));
      assertEquals(before.path("userId").asText() + "-p7-3", after.path("userId").asText());
      assertEquals(before.path("at"), after.path("at"));
      assertEquals(before.path("group"), after.path("group"));
    }
  }

  private static BigInteger sequence(byte[] event) throws IOException {
    return new BigInteger(
        JSON.readTree(event)
            .path("Records")
            .get(0)
            .path("dynamodb")
            .path("SequenceNumber")
            .asText());
  }

  private static JsonNode body(JsonNode apiEvent) throws IOException {
    return JSON.readTree(apiEvent.path("body").asText());
  }

  private static List<String> values(JsonNode records, String field) {
    List<String> out = new ArrayList<>();
    records.forEach(r -> out.add(r.path(field).asText()));
    return out;
  }

  private static byte[] sample(String name) throws IOException {
    return Files.readAllBytes(EVENTS.resolve(name));
  }
}
