package campaignlift.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.UnknownCampaignException;
import campaignlift.domain.ConcurrentChangeException;
import campaignlift.domain.Problem;
import campaignlift.json.Json;
import campaignlift.recording.BatchParser;
import campaignlift.recording.InvalidRecordsException;
import campaignlift.recording.Outcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a message of the SQS front door is read (docs/queue.md, "Message format"): the API's body,
 * the {@code campaignId} and {@code kind} attributes, and what a rejected message carries to the
 * dead-letter queue.
 */
class IngestMessagesTest {
  static final String OUTCOMES =
      "{\"outcomes\": [{\"eventId\": \"e-1\", \"userId\": \"u-1\", \"type\": \"purchase\","
          + " \"at\": \"2026-03-05T12:00:00Z\", \"value\": 19.9}]}";
  static final String EXPOSURES =
      "{\"exposures\": [{\"userId\": \"u-1\", \"at\": \"2026-03-02T09:15:00Z\"}]}";

  static IngestMessage message(String body, Map<String, IngestMessage.Attribute> attributes) {
    return new IngestMessage("m-1", body, attributes, 1, "arn:aws:sqs:eu-west-1:1:IngestQueue");
  }

  static IngestMessage.Attribute string(String value) {
    return IngestMessage.Attribute.string(value);
  }

  static Rejection rejected(IngestMessage m) {
    return assertThrows(MessageRejected.class, () -> IngestMessages.decode(m)).rejection();
  }

  @Test
  void anOutcomesBodyNeedsNoAttribute() {
    IngestRequest r = IngestMessages.decode(message(OUTCOMES, Map.of()));
    assertEquals(IngestKind.OUTCOMES, r.kind());
    assertNull(r.campaignId());
    // The body goes on to the API's own parser unchanged.
    List<Outcome> outcomes = BatchParser.outcomes(r.body(), Instant.parse("2026-03-10T00:00:00Z"));
    assertEquals(1, outcomes.size());
    assertEquals(0, new BigDecimal("19.9").compareTo(outcomes.get(0).value()));
  }

  @Test
  void exposuresNameTheirCampaignInAnAttribute() {
    IngestRequest r =
        IngestMessages.decode(message(EXPOSURES, Map.of("campaignId", string("spring-promo"))));
    assertEquals(IngestKind.EXPOSURES, r.kind());
    assertEquals("spring-promo", r.campaignId());
    assertEquals("u-1", r.body().path("exposures").path(0).path("userId").asText());
  }

  @Test
  void theKindAttributeMayNameTheBodyAndIsThenBelieved() {
    IngestRequest r =
        IngestMessages.decode(
            message(
                EXPOSURES,
                Map.of("kind", string("exposures"), "campaignId", string("spring-promo"))));
    assertEquals(IngestKind.EXPOSURES, r.kind());
    // A kind that does not match the body leaves the body to the API's rules, which refuse it.
    IngestRequest wrong =
        IngestMessages.decode(message(EXPOSURES, Map.of("kind", string("outcomes"))));
    assertEquals(IngestKind.OUTCOMES, wrong.kind());
    List<Problem> problems =
        assertThrows(
                InvalidRecordsException.class,
                () -> BatchParser.outcomes(wrong.body(), Instant.parse("2026-03-10T00:00:00Z")))
            .problems();
    assertTrue(problems.stream().anyMatch(p -> p.field().equals("exposures")), problems.toString());
  }

  @Test
  void otherAttributesAreIgnoredSoARedrivenMessageReadsTheSame() {
    Map<String, IngestMessage.Attribute> attributes = new LinkedHashMap<>();
    attributes.put("errorCode", string("not_found"));
    attributes.put("error", string("{\"code\":\"not_found\"}"));
    attributes.put("sourceMessageId", string("m-0"));
    attributes.put("traceparent", string("00-abc-01"));
    IngestRequest r = IngestMessages.decode(message(OUTCOMES, attributes));
    assertEquals(IngestKind.OUTCOMES, r.kind());
  }

  @Test
  void aBodyThatIsNotJsonIsBadJson() {
    Rejection r = rejected(message("{\"outcomes\": [", Map.of()));
    assertEquals("bad_json", r.code());
    assertTrue(r.message().startsWith("The message body is not valid JSON: "), r.message());
    assertEquals("bad_json", rejected(message("   ", Map.of())).code());
    assertEquals("bad_json", rejected(message(null, Map.of())).code());
    assertEquals("bad_json", rejected(message("{\"outcomes\": []} {}", Map.of())).code());
  }

  @Test
  void exposuresWithoutACampaignAreRefused() {
    Rejection r = rejected(message(EXPOSURES, Map.of()));
    assertEquals("invalid_request", r.code());
    assertEquals(
        List.of(Problem.of("messageAttributes.campaignId", "is required for exposures")),
        r.problems());
  }

  @Test
  void outcomesNamingACampaignAreRefusedBecauseTheyBelongToNone() {
    Rejection r = rejected(message(OUTCOMES, Map.of("campaignId", string("spring-promo"))));
    assertEquals("invalid_request", r.code());
    assertEquals(1, r.problems().size());
    assertEquals("messageAttributes.campaignId", r.problems().get(0).field());
    assertTrue(r.problems().get(0).problem().startsWith("is not allowed on outcomes"));
  }

  @Test
  void attributesBreakingTheirRulesAreNamed() {
    Rejection badId = rejected(message(EXPOSURES, Map.of("campaignId", string("../etc"))));
    assertEquals(
        List.of(
            Problem.of(
                "messageAttributes.campaignId",
                "must be 1-128 characters of A-Z a-z 0-9 . _ : @ - and not only dots")),
        badId.problems());
    Rejection number =
        rejected(
            message(
                EXPOSURES,
                Map.of("campaignId", new IngestMessage.Attribute("Number", "42", null))));
    assertEquals(
        List.of(Problem.of("messageAttributes.campaignId", "must be a String attribute")),
        number.problems());
    Rejection kind = rejected(message(OUTCOMES, Map.of("kind", string("purchases"))));
    assertEquals(
        List.of(Problem.of("messageAttributes.kind", "must be exposures or outcomes")),
        kind.problems());
  }

  @Test
  void aBodyNamingNeitherOrBothKindsNeedsTheKindAttribute() {
    for (String body :
        List.of("{\"events\": []}", "[1, 2]", "{\"exposures\": [], \"outcomes\": []}")) {
      Rejection r = rejected(message(body, Map.of()));
      assertEquals("invalid_request", r.code(), body);
      assertEquals("(body)", r.problems().get(0).field(), body);
    }
  }

  @Test
  void theLambdaEventIsReadRecordByRecord() throws IOException {
    JsonNode event =
        Json.MAPPER.readTree(
            ("{\"Records\": [{\"messageId\": \"a\", \"body\": \"{}\", \"attributes\":"
                    + " {\"ApproximateReceiveCount\": \"3\"}, \"messageAttributes\": {\"campaignId\":"
                    + " {\"stringValue\": \"c1\", \"stringListValues\": [], \"binaryListValues\": [],"
                    + " \"dataType\": \"String\"}, \"blob\": {\"binaryValue\": \"AAEC\","
                    + " \"dataType\": \"Binary\"}}, \"eventSourceARN\": \"arn:q\"},"
                    + " {\"messageId\": \"b\", \"body\": \"x\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    List<IngestMessage> messages = IngestMessage.fromEvent(event);
    assertEquals(2, messages.size());
    IngestMessage a = messages.get(0);
    assertEquals("a", a.messageId());
    assertEquals(3, a.receiveCount());
    assertEquals("arn:q", a.sourceArn());
    assertEquals(
        new IngestMessage.Attribute("String", "c1", null), a.attributes().get("campaignId"));
    assertEquals(new IngestMessage.Attribute("Binary", null, "AAEC"), a.attributes().get("blob"));
    assertEquals(
        1, messages.get(1).receiveCount(), "a record without the attribute: first receive");
    assertEquals(List.of(), IngestMessage.fromEvent(Json.MAPPER.readTree("{}")));
  }

  @Test
  void theSampleEventDecodesToOneOutcome() throws IOException {
    JsonNode event =
        Json.MAPPER.readTree(
            Path.of("../events/QueueIngestFunction/01-outcome-message.json").toFile());
    List<IngestMessage> messages = IngestMessage.fromEvent(event);
    assertEquals(1, messages.size());
    IngestRequest r = IngestMessages.decode(messages.get(0));
    assertEquals(IngestKind.OUTCOMES, r.kind());
    assertEquals(
        "user-42",
        BatchParser.outcomes(r.body(), Instant.parse("2026-03-10T00:00:00Z")).get(0).userId());
  }

  @Test
  void refusalsOfTheCoreBecomeTheApisCodesAndAConcurrentChangeIsRetried() {
    Rejection unknown = Rejection.of(new UnknownCampaignException("c9"));
    assertEquals("not_found", unknown.code());
    assertEquals("No campaign \"c9\".", unknown.message());
    assertNull(Rejection.of(new ConcurrentChangeException("raced")));
  }

  @Test
  void theReasonStaysWithinItsBudgetAndCountsEveryProblem() throws IOException {
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      problems.add(new Problem(i, "attributes." + "n".repeat(300), "x".repeat(300)));
    }
    Rejection r = new Rejection("invalid_request", "The batch has invalid records.", problems);
    String json = r.errorJson();
    assertTrue(json.getBytes(StandardCharsets.UTF_8).length <= 8 * 1024, json.length() + " bytes");
    JsonNode parsed = Json.MAPPER.readTree(json);
    assertEquals("invalid_request", parsed.path("code").asText());
    assertEquals(1000, parsed.path("totalProblems").asInt());
    int shown = parsed.path("details").size();
    assertTrue(shown >= 1 && shown <= 20, "details shown: " + shown);
    assertEquals(0, parsed.path("details").path(0).path("index").asInt());
  }

  @Test
  void theDeadLetteredCopyKeepsItsAttributesAndAddsItsReason() {
    Map<String, IngestMessage.Attribute> own = new LinkedHashMap<>();
    for (int i = 0; i < 9; i++) {
      own.put("a" + i, string("v" + i));
    }
    own.put("errorCode", string("bad_json")); // from an earlier rejection, replaced
    IngestMessage m = new IngestMessage("m-7", "{}", own, 2, "arn:q");
    Rejection reason = new Rejection("not_found", "No campaign \"c9\".", List.of());
    Map<String, IngestMessage.Attribute> out = DeadLetter.attributes(m, reason);
    assertEquals(10, out.size(), "SQS takes ten attributes: " + out.keySet());
    assertEquals(string("not_found"), out.get("errorCode"));
    assertEquals(string("m-7"), out.get("sourceMessageId"));
    assertEquals("not_found", codeOf(out.get("error")));
    for (int i = 0; i < 7; i++) {
      assertEquals(string("v" + i), out.get("a" + i), "own attribute a" + i);
    }
  }

  private static String codeOf(IngestMessage.Attribute error) {
    try {
      return Json.MAPPER.readTree(error.stringValue()).path("code").asText();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
