package campaignlift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.LoggedEvent;
import campaignlift.recording.LoyaltyCounters;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.SurveyAnswer;
import campaignlift.recording.SurveyKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The loyalty counters and survey log entries in the store: read back exactly as written (the
 * stream-fed aggregates decode every enrolment image this way), and read leniently
 * (docs/stored-data.md) when an item predates them or holds an attribute that cannot be read.
 */
class LoyaltyItemsTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");

  static final LoyaltyCounters FULL =
      new LoyaltyCounters(
          3,
          Long.MAX_VALUE,
          T0.plusSeconds(5),
          T0.minusSeconds(5),
          new SurveyAnswer(T0.plusMillis(1), "n-1", 0),
          new SurveyAnswer(T0.plusMillis(2), "k-1", 5),
          new SurveyAnswer(Instant.EPOCH, "n-0", 10),
          T0,
          T0);

  static Enrolment enrolment(LoyaltyCounters loyalty) {
    return new Enrolment(
        "spring",
        "u-1",
        7,
        "coupon",
        T0,
        14,
        Map.of("channel", "email"),
        Set.of("coupon"),
        1,
        null,
        new Counters(1, 2, 3, new BigDecimal("12.30"), 0, 4, 5, new BigDecimal("0.99"), 8, 5)
            .withLoyalty(loyalty));
  }

  @Test
  void loyaltyCountersReadBackAsWritten() {
    for (LoyaltyCounters l :
        new LoyaltyCounters[] {
          FULL,
          LoyaltyCounters.NONE,
          new LoyaltyCounters(0, 1, null, T0, null, null, FULL.npsBefore(), null, null)
        }) {
      Enrolment e = enrolment(l);
      assertEquals(e, EnrolmentItems.enrolment(EnrolmentItems.item(e)));
    }
  }

  @Test
  void anItemWrittenBeforeTheLoyaltyCountersReadsAsNone() {
    Map<String, AttributeValue> item = new HashMap<>(EnrolmentItems.item(enrolment(FULL)));
    for (String name :
        new String[] {
          "cancellations",
          "preCancellations",
          "lastActiveAt",
          "preLastActiveAt",
          "nps",
          "csat",
          "npsBefore",
          "firstPurchaseAt",
          "secondPurchaseAt"
        }) {
      item.remove(name);
    }
    assertEquals(enrolment(LoyaltyCounters.NONE), EnrolmentItems.enrolment(item));
  }

  @Test
  void aLoyaltyAttributeThatCannotBeReadReadsAsAbsent() {
    Map<String, AttributeValue> item = new HashMap<>(EnrolmentItems.item(enrolment(FULL)));
    item.put("cancellations", AttributeValue.fromS("three"));
    item.put("lastActiveAt", AttributeValue.fromN("1e400"));
    item.put("preLastActiveAt", AttributeValue.fromN("-5"));
    item.put("nps", AttributeValue.fromM(Map.of("at", AttributeValue.fromN("1"))));
    item.put(
        "csat",
        AttributeValue.fromM(
            Map.of(
                "at", AttributeValue.fromN("1"),
                "eventId", AttributeValue.fromS("k"),
                "score", AttributeValue.fromN("9"))));
    item.put("npsBefore", AttributeValue.fromS("promoter"));
    LoyaltyCounters read = EnrolmentItems.enrolment(item).counters().loyalty();
    assertEquals(
        new LoyaltyCounters(
            0, Long.MAX_VALUE, null, null, null, null, null, FULL.firstPurchaseAt(), T0),
        read);
  }

  @Test
  void aSurveyLogEntryReadsBackAsWrittenAndOthersCarryNoSurvey() {
    LoggedEvent nps =
        new LoggedEvent("e-1", OutcomeType.SURVEY, T0, BigDecimal.ZERO, false, SurveyKind.NPS, 0);
    assertEquals(nps, UserItems.logged(UserItems.logItem("u-1", nps, 0)));
    LoggedEvent cancel =
        new LoggedEvent("e-2", OutcomeType.CANCELLATION, T0, BigDecimal.ZERO, false);
    Map<String, AttributeValue> item = UserItems.logItem("u-1", cancel, 0);
    assertFalse(item.containsKey("survey"));
    assertEquals(cancel, UserItems.logged(item));
  }

  @Test
  void aSurveyLogEntryWithoutAReadableAnswerKeepsItsPlaceWithNone() {
    LoggedEvent csat =
        new LoggedEvent("e-1", OutcomeType.SURVEY, T0, BigDecimal.ZERO, false, SurveyKind.CSAT, 4);
    Map<String, AttributeValue> item = new HashMap<>(UserItems.logItem("u-1", csat, 0));
    item.put("score", AttributeValue.fromN("0")); // off the CSAT scale
    LoggedEvent read = UserItems.logged(item);
    assertEquals(OutcomeType.SURVEY, read.type());
    assertEquals("e-1", read.eventId());
    assertNull(read.survey());
    assertNull(read.score());
    item.remove("score");
    item.put("survey", AttributeValue.fromS("ces"));
    assertNull(UserItems.logged(item).survey());
  }
}
