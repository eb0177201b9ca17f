package campaignlift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.LoggedEvent;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.UserRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Each item mapper reads back exactly what it wrote, and its key is the item's own key. */
class StoredItemsTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");

  @Test
  void anEnrolmentReadsBackAsWritten() {
    Enrolment e =
        new Enrolment(
            "spring",
            "u-1",
            7,
            "coupon",
            T0,
            14,
            Map.of("channel", "email"),
            Set.of("coupon", "control"),
            3,
            T0.minusSeconds(86_400),
            new Counters(1, 2, 3, new BigDecimal("12.30"), 0, 4, 5, new BigDecimal("0.99"), 8, 5));
    Map<String, AttributeValue> item = EnrolmentItems.item(e);
    assertEquals(e, EnrolmentItems.enrolment(item));
    assertEquals(AttributeValue.fromS("spring#7"), item.get("pk"));
    assertEquals(
        EnrolmentItems.key("spring", 7, "u-1"),
        Map.of("pk", item.get("pk"), "userId", item.get("userId")));
  }

  @Test
  void aUserReadsBackAsWrittenWithItsEnrolmentReferences() {
    UserRecord u =
        new UserRecord(
            "u-1", 4, T0, Map.of("spring", new UserRecord.EnrolmentRef(7, T0.plusMillis(5), 30)));
    Map<String, AttributeValue> item = UserItems.userItem(u);
    assertEquals(u, UserItems.user(item));
    assertEquals(UserItems.key("u-1"), Map.of("userId", item.get("userId"), "sk", item.get("sk")));
  }

  @Test
  void aLogEntryReadsBackAsWrittenAndSortsByTime() {
    LoggedEvent e = new LoggedEvent("e-1", OutcomeType.PURCHASE, T0, new BigDecimal("12.30"), true);
    Map<String, AttributeValue> item = UserItems.logItem("u-1", e, 0);
    assertEquals(e, UserItems.logged(item));
    LoggedEvent later =
        new LoggedEvent("a-0", OutcomeType.ACTIVITY, T0.plusMillis(1), BigDecimal.ZERO, false);
    String sk = item.get("sk").s();
    String laterSk = UserItems.logItem("u-1", later, 0).get("sk").s();
    assertEquals(-1, Integer.signum(sk.compareTo(laterSk)), sk + " sorts before " + laterSk);
  }

  @Test
  void aLogEntryIsKeptAtLeastTheRetentionAfterItsEvent() {
    LoggedEvent e = new LoggedEvent("e-1", OutcomeType.ACTIVITY, T0, BigDecimal.ZERO, false);
    long expires = Long.parseLong(UserItems.logItem("u-1", e, 0).get("expiresAt").n());
    assertEquals(T0.plus(DynamoRecordingStore.RETENTION).getEpochSecond(), expires);
  }
}
