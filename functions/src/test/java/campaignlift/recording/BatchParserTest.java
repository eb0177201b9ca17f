package campaignlift.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.CampaignFixture;
import campaignlift.domain.Problem;
import campaignlift.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's exposure and outcome batches (docs/api.md), one rule at a time: each refused record is
 * named by its index and field, and a batch with any bad record yields nothing.
 */
class BatchParserTest {
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  static final String ID_RULE =
      "must be 1-128 characters of A-Z a-z 0-9 . _ : @ - and not only dots";

  static final Campaign CAMPAIGN =
      CampaignFixture.campaign(
          "spring",
          Instant.parse("2026-03-01T00:00:00Z"),
          Instant.parse("2026-03-31T00:00:00Z"),
          CampaignFixture.controlAndCoupon(),
          List.of());

  static JsonNode json(String text) {
    try {
      return Json.read(text.replace('\'', '"'));
    } catch (Json.Malformed e) {
      throw new AssertionError(e);
    }
  }

  static List<Problem> exposureProblems(String records) {
    return exposureProblems(records, NOW);
  }

  static List<Problem> exposureProblems(String records, Instant now) {
    return assertThrows(
            InvalidRecordsException.class,
            () -> BatchParser.exposures(json("{'exposures': " + records + "}"), CAMPAIGN, now))
        .problems();
  }

  static List<Problem> outcomeProblems(String records) {
    return assertThrows(
            InvalidRecordsException.class,
            () -> BatchParser.outcomes(json("{'outcomes': " + records + "}"), NOW))
        .problems();
  }

  static final String GOOD_EXPOSURE = "{'userId': 'u1', 'at': '2026-03-05T10:00:00Z'}";

  @Test
  void aGoodExposureIsReadIntoItsTypedRecord() {
    List<Exposure> xs =
        BatchParser.exposures(
            json(
                "{'exposures': [{'userId': 'u1', 'at': '2026-03-05T11:00:00+01:00',"
                    + " 'group': 'coupon', 'attributes': {'channel': 'email'},"
                    + " 'userCreatedAt': '2026-01-01T00:00:00Z'}]}"),
            CAMPAIGN,
            NOW);
    assertEquals(
        List.of(
            new Exposure(
                "u1",
                Instant.parse("2026-03-05T10:00:00Z"),
                "coupon",
                Map.of("channel", "email"),
                Instant.parse("2026-01-01T00:00:00Z"))),
        xs);
  }

  @Test
  void aMissingUserIdIsNamedWithItsIndex() {
    assertEquals(
        List.of(new Problem(1, "userId", "is required")),
        exposureProblems("[" + GOOD_EXPOSURE + ", {'at': '2026-03-05T10:00:00Z'}]"));
  }

  @Test
  void anIdWithASpaceIsRefused() {
    assertEquals(
        List.of(new Problem(0, "userId", ID_RULE)),
        exposureProblems("[{'userId': 'u 1', 'at': '2026-03-05T10:00:00Z'}]"));
  }

  @Test
  void anIdOfOnlyDotsIsRefused() {
    assertEquals(
        List.of(new Problem(0, "eventId", ID_RULE)),
        outcomeProblems(
            "[{'eventId': '..', 'userId': 'u1', 'type': 'signup', 'at': '2026-03-05T10:00:00Z'}]"));
  }

  @Test
  void atUpToFiveMinutesAheadIsClockSkewAndLaterIsRefused() {
    // NOW is 12:00:00; 12:05:00 is the last accepted instant.
    List<Exposure> skewed =
        BatchParser.exposures(
            json("{'exposures': [{'userId': 'u1', 'at': '2026-03-10T12:05:00Z'}]}"), CAMPAIGN, NOW);
    assertEquals(Instant.parse("2026-03-10T12:05:00Z"), skewed.get(0).at());
    assertEquals(
        List.of(new Problem(0, "at", "is more than 5 minutes in the future")),
        exposureProblems("[{'userId': 'u1', 'at': '2026-03-10T12:05:00.001Z'}]"));
  }

  @Test
  void anExposureOutsideTheCampaignIsRefused() {
    assertEquals(
        List.of(
            new Problem(0, "at", "is before the campaign's startAt 2026-03-01T00:00:00Z"),
            new Problem(1, "at", "is after the campaign's endAt 2026-03-31T00:00:00Z")),
        exposureProblems(
            "[{'userId': 'u1', 'at': '2026-02-28T23:59:59Z'},"
                + " {'userId': 'u2', 'at': '2026-03-31T00:00:01Z'}]",
            Instant.parse("2026-04-10T00:00:00Z")));
  }

  @Test
  void aGroupTheCampaignDoesNotHaveIsRefused() {
    assertEquals(
        List.of(new Problem(0, "group", "is not a group of campaign spring")),
        exposureProblems("[{'userId': 'u1', 'at': '2026-03-05T10:00:00Z', 'group': 'voucher'}]"));
  }

  @Test
  void aMisspeltFieldIsRefusedNotIgnored() {
    assertEquals(
        List.of(new Problem(0, "userID", "is not a known field")),
        exposureProblems("[{'userId': 'u1', 'userID': 'u1', 'at': '2026-03-05T10:00:00Z'}]"));
  }

  @Test
  void attributesLargerThan4096BytesAreRefused() {
    StringBuilder attributes = new StringBuilder("{");
    for (int i = 10; i < 27; i++) {
      attributes.append(i == 10 ? "" : ", ").append("'k").append(i).append("': '");
      attributes.append("x".repeat(250)).append("'");
    }
    attributes.append("}");
    // 17 attributes of a 3-byte name and a 250-byte value: 17 * 253 = 4301 bytes.
    assertEquals(
        List.of(
            new Problem(
                0,
                "attributes",
                "names and values together must be at most 4096 bytes in UTF-8, not 4301")),
        exposureProblems(
            "[{'userId': 'u1', 'at': '2026-03-05T10:00:00Z', 'attributes': " + attributes + "}]"));
  }

  @Test
  void eachBadAttributeIsNamedByItsPath() {
    assertEquals(
        List.of(
            new Problem(0, "attributes.tier", "must be a string"),
            new Problem(0, "attributes.channel", "must be 1-256 characters"),
            new Problem(
                0,
                "attributes.plan",
                "\"(none)\" is reserved for exposures without this attribute")),
        exposureProblems(
            "[{'userId': 'u1', 'at': '2026-03-05T10:00:00Z', 'attributes':"
                + " {'tier': 3, 'channel': '', 'plan': '(none)'}}]"));
  }

  @Test
  void aPurchaseValueOutsideTheValueDomainIsRefused() {
    String rule = "must be a number from 0 to 1000000000 with at most 4 decimal places";
    assertEquals(
        List.of(
            new Problem(0, "value", rule),
            new Problem(1, "value", rule),
            new Problem(2, "value", rule),
            new Problem(3, "value", "must be a number")),
        outcomeProblems(
            "["
                + purchase("e1", "1000000000.01")
                + ", "
                + purchase("e2", "0.00001")
                + ", "
                + purchase("e3", "-1")
                + ", "
                + purchase("e4", "'12'")
                + "]"));
  }

  @Test
  void aPurchaseValueKeepsItsExactShortestForm() {
    List<Outcome> outcomes =
        BatchParser.outcomes(json("{'outcomes': [" + purchase("e1", "12.50") + "]}"), NOW);
    assertEquals(new BigDecimal("12.5"), outcomes.get(0).value());
    assertEquals(OutcomeType.PURCHASE, outcomes.get(0).type());
  }

  @Test
  void aValueOnlyBelongsToAPurchaseAndAReferrerOnlyToASignup() {
    assertEquals(
        List.of(
            new Problem(0, "value", "is only allowed on purchases and refunds"),
            new Problem(1, "referredBy", "is only allowed on sign-ups"),
            new Problem(2, "referredBy", "must differ from userId")),
        outcomeProblems(
            "[{'eventId': 'e1', 'userId': 'u1', 'type': 'activity', 'at': '2026-03-05T10:00:00Z',"
                + " 'value': 3},"
                + " {'eventId': 'e2', 'userId': 'u1', 'type': 'purchase', 'at':"
                + " '2026-03-05T10:00:00Z', 'referredBy': 'u2'},"
                + " {'eventId': 'e3', 'userId': 'u1', 'type': 'signup', 'at':"
                + " '2026-03-05T10:00:00Z', 'referredBy': 'u1'}]"));
  }

  @Test
  void anUnknownTypeIsRefused() {
    assertEquals(
        List.of(
            new Problem(
                0,
                "type",
                "must be one of \"signup\", \"activity\", \"purchase\", \"survey\","
                    + " \"cancellation\", \"refund\"")),
        outcomeProblems(
            "[{'eventId': 'e1', 'userId': 'u1', 'type': 'return', 'at': '2026-03-05T10:00:00Z'}]"));
  }

  @Test
  void aDuplicateInTheBatchIsReadTwiceForTheRecorderToCountOnce() {
    // Refusing a repeat would make a client's retry of a half-sent batch fail; the write path
    // counts the second one as a duplicate instead.
    String event = purchase("e1", "5");
    List<Outcome> outcomes =
        BatchParser.outcomes(json("{'outcomes': [" + event + ", " + event + "]}"), NOW);
    assertEquals(2, outcomes.size());
    assertEquals(outcomes.get(0), outcomes.get(1));
  }

  @Test
  void everyProblemOfEveryRecordIsListedAndNothingIsRead() {
    List<Problem> problems =
        outcomeProblems(
            "[" + purchase("e1", "5") + ", {'userId': 'u1', 'type': 'x'}, 'text', " + "{}]");
    assertEquals(
        List.of(
            new Problem(1, "eventId", "is required"),
            new Problem(
                1,
                "type",
                "must be one of \"signup\", \"activity\", \"purchase\", \"survey\","
                    + " \"cancellation\", \"refund\""),
            new Problem(1, "at", "is required"),
            new Problem(2, "(record)", "must be a JSON object"),
            new Problem(3, "eventId", "is required"),
            new Problem(3, "userId", "is required"),
            new Problem(3, "type", "is required"),
            new Problem(3, "at", "is required")),
        problems);
  }

  @Test
  void aBatchHoldsOneToAThousandRecords() {
    InvalidRecordsException empty =
        assertThrows(
            InvalidRecordsException.class,
            () -> BatchParser.outcomes(json("{'outcomes': []}"), NOW));
    assertEquals("A batch holds 1 to 1000 records; this one has 0.", empty.getMessage());
    assertEquals(List.of(Problem.of("outcomes", "must hold 1 to 1000 records")), empty.problems());

    String many = ("," + GOOD_EXPOSURE).repeat(1001).substring(1);
    InvalidRecordsException tooMany =
        assertThrows(
            InvalidRecordsException.class,
            () -> BatchParser.exposures(json("{'exposures': [" + many + "]}"), CAMPAIGN, NOW));
    assertEquals("A batch holds 1 to 1000 records; this one has 1001.", tooMany.getMessage());
  }

  @Test
  void theBodyIsAnObjectWithOnlyItsArray() {
    InvalidRecordsException array =
        assertThrows(InvalidRecordsException.class, () -> BatchParser.outcomes(json("[]"), NOW));
    assertEquals(List.of(Problem.of("(body)", "must be a JSON object")), array.problems());

    InvalidRecordsException other =
        assertThrows(
            InvalidRecordsException.class, () -> BatchParser.outcomes(json("{'events': []}"), NOW));
    assertEquals(
        List.of(
            Problem.of("events", "is not a known field"), Problem.of("outcomes", "is required")),
        other.problems());
    assertNull(other.problems().get(0).index(), "a problem of the body names no record");
    assertTrue(other.getMessage().contains("nothing was written"));
  }

  private static String purchase(String eventId, String value) {
    return "{'eventId': '"
        + eventId
        + "', 'userId': 'u1', 'type': 'purchase', 'at': '2026-03-05T10:00:00Z', 'value': "
        + value
        + "}";
  }

  @Test
  void exposuresReadBeforeADesignChangeAreCheckedAgainstTheNewDesign() {
    List<Exposure> read =
        BatchParser.exposures(
            json(
                "{'exposures': [{'userId': 'u1', 'at': '2026-03-05T10:00:00Z', 'group': 'coupon'},"
                    + " {'userId': 'u2', 'at': '2026-03-02T10:00:00Z'}]}"),
            CAMPAIGN,
            NOW);
    Campaign changed =
        CampaignFixture.campaign(
            "spring",
            Instant.parse("2026-03-03T00:00:00Z"),
            null,
            List.of(
                new campaignlift.campaign.Group("control", 0.5, true),
                new campaignlift.campaign.Group("voucher", 0.5, false)),
            List.of());
    assertEquals(
        List.of(
            new Problem(0, "group", "is not a group of campaign spring"),
            new Problem(1, "at", "is before the campaign's startAt 2026-03-03T00:00:00Z")),
        RecordRules.misfits(changed, read));
    assertEquals(List.of(), RecordRules.misfits(CAMPAIGN, read));
  }

  static String survey(String extra) {
    return "{'eventId': 'e1', 'userId': 'u1', 'type': 'survey', 'at': '2026-03-05T10:00:00Z'"
        + extra
        + "}";
  }

  @Test
  void aRefundNeedsItsValueInTheValueDomain() {
    Instant at = Instant.parse("2026-03-05T10:00:00Z");
    assertEquals(
        List.of(new Outcome("r1", "u1", OutcomeType.REFUND, at, new BigDecimal("12.5"), null)),
        BatchParser.outcomes(
            json(
                "{'outcomes': [{'eventId': 'r1', 'userId': 'u1', 'type': 'refund', 'at':"
                    + " '2026-03-05T10:00:00Z', 'value': 12.50}]}"),
            NOW));
    assertEquals(
        List.of(
            new Problem(0, "value", "is required on refunds"),
            new Problem(
                1, "value", "must be a number from 0 to 1000000000 with at most 4 decimal places")),
        outcomeProblems(
            "[{'eventId': 'r1', 'userId': 'u1', 'type': 'refund', 'at': '2026-03-05T10:00:00Z'},"
                + " {'eventId': 'r2', 'userId': 'u1', 'type': 'refund', 'at':"
                + " '2026-03-05T10:00:00Z', 'value': -3}]"));
  }

  @Test
  void surveyAnswersAndCancellationsAreReadIntoTheirRecords() {
    List<Outcome> outcomes =
        BatchParser.outcomes(
            json(
                "{'outcomes': ["
                    + survey(", 'survey': 'nps', 'score': 0")
                    + ", "
                    + survey(", 'survey': 'csat', 'score': 5.0")
                    + ", {'eventId': 'e3', 'userId': 'u1', 'type': 'cancellation', 'at':"
                    + " '2026-03-05T10:00:00Z'}]}"),
            NOW);
    Instant at = Instant.parse("2026-03-05T10:00:00Z");
    assertEquals(
        List.of(
            new Outcome(
                "e1", "u1", OutcomeType.SURVEY, at, BigDecimal.ZERO, null, SurveyKind.NPS, 0),
            new Outcome(
                "e1", "u1", OutcomeType.SURVEY, at, BigDecimal.ZERO, null, SurveyKind.CSAT, 5),
            new Outcome("e3", "u1", OutcomeType.CANCELLATION, at, BigDecimal.ZERO, null)),
        outcomes);
  }

  @Test
  void aScoreIsAnIntegerOnItsSurveysScale() {
    String nps = "must be an integer between 0 and 10";
    String csat = "must be an integer between 1 and 5";
    assertEquals(
        List.of(
            new Problem(0, "score", nps),
            new Problem(1, "score", nps),
            new Problem(2, "score", nps),
            new Problem(3, "score", csat),
            new Problem(4, "score", csat),
            new Problem(5, "score", "is required"),
            new Problem(6, "survey", "must be one of \"nps\", \"csat\""),
            new Problem(7, "survey", "is required"),
            new Problem(8, "survey", "must be a string"),
            new Problem(9, "score", nps),
            new Problem(10, "score", nps)),
        outcomeProblems(
            "["
                + String.join(
                    ", ",
                    survey(", 'survey': 'nps', 'score': 7.5"),
                    survey(", 'survey': 'nps', 'score': '7'"),
                    survey(", 'survey': 'nps', 'score': 11"),
                    survey(", 'survey': 'csat', 'score': 0"),
                    survey(", 'survey': 'csat', 'score': 6"),
                    survey(", 'survey': 'nps'"),
                    survey(", 'survey': 'ces', 'score': 3"),
                    survey(", 'score': 3"),
                    survey(", 'survey': 1, 'score': 3"),
                    survey(", 'survey': 'nps', 'score': 1e400"),
                    survey(", 'survey': 'nps', 'score': -1"))
                + "]"));
  }

  @Test
  void surveyFieldsOnlyBelongToSurveysAndValueOnlyToPurchases() {
    String at = "'at': '2026-03-05T10:00:00Z'";
    assertEquals(
        List.of(
            new Problem(0, "survey", "is only allowed on surveys"),
            new Problem(0, "score", "is only allowed on surveys"),
            new Problem(1, "value", "is only allowed on purchases and refunds"),
            new Problem(2, "value", "is only allowed on purchases and refunds"),
            new Problem(3, "referredBy", "is only allowed on sign-ups")),
        outcomeProblems(
            "[{'eventId': 'e1', 'userId': 'u1', 'type': 'purchase', "
                + at
                + ", 'value': 3, 'survey': 'nps', 'score': 9},"
                + " {'eventId': 'e2', 'userId': 'u1', 'type': 'cancellation', "
                + at
                + ", 'value': 3},"
                + survey(", 'survey': 'nps', 'score': 9, 'value': 1")
                + ", "
                + survey(", 'survey': 'nps', 'score': 9, 'referredBy': 'u2'")
                + "]"));
  }
}
