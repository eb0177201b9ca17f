package campaignlift.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.Exposure;
import campaignlift.recording.LoggedEvent;
import campaignlift.recording.LoyaltyCounters;
import campaignlift.recording.OutcomeType;
import campaignlift.recording.SurveyAnswer;
import campaignlift.recording.SurveyKind;
import campaignlift.recording.UserRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every item the write path keeps stays under the documented 16 KB (docs/write-path.md), computed
 * for the largest values the API accepts: 128-character identifiers, the most attribute bytes one
 * exposure may carry, 10 groups of 128 characters, the enrolment limit, counters at their largest
 * and every loyalty register set.
 */
class ItemBoundsTest {
  static final int BOUND = 16 * 1024;
  static final Instant T = Instant.parse("9999-12-31T23:59:59.999Z");

  static String id(char c) {
    return String.valueOf(c).repeat(128);
  }

  @Test
  void theLargestEnrolmentItemFits() {
    // As many bytes of attributes as one exposure may carry, in 3-byte characters.
    Map<String, String> attributes = new HashMap<>();
    int perAttribute = Exposure.MAX_ATTRIBUTE_BYTES / 20;
    for (int i = 0; i < 20; i++) {
      String name = String.format("%03d", i) + "a".repeat(125);
      attributes.put(name, "\u3042".repeat((perAttribute - name.length()) / 3));
    }
    Set<String> groups = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      groups.add(String.format("%03d", i) + "g".repeat(125));
    }
    BigDecimal big = new BigDecimal("9".repeat(34) + ".9999");
    Counters c =
        new Counters(
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            big,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            big,
            Long.MAX_VALUE,
            Long.MAX_VALUE,
            new LoyaltyCounters(
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                T,
                T,
                new SurveyAnswer(T, id('n'), 10),
                new SurveyAnswer(T, id('k'), 5),
                new SurveyAnswer(T, id('b'), 10),
                T,
                T));
    Enrolment e =
        new Enrolment(
            id('c'),
            id('u'),
            255,
            groups.iterator().next(),
            T,
            365,
            attributes,
            groups,
            Long.MAX_VALUE,
            T,
            c);
    int size = ItemSize.of(EnrolmentItems.item(e));
    assertTrue(size < BOUND, "largest enrolment item: " + size + " bytes");
  }

  @Test
  void theLargestSurveyLogEntryFits() {
    LoggedEvent e =
        new LoggedEvent(id('e'), OutcomeType.SURVEY, T, BigDecimal.ZERO, false, SurveyKind.CSAT, 5);
    int size = ItemSize.of(UserItems.logItem(id('u'), e, Long.MAX_VALUE));
    assertTrue(size < 1024, "largest survey log entry: " + size + " bytes");
  }

  @Test
  void theLargestUserItemFits() {
    Map<String, UserRecord.EnrolmentRef> refs = new HashMap<>();
    for (int i = 0; i < UserRecord.MAX_ENROLMENTS; i++) {
      refs.put(
          String.format("%03d", i) + "c".repeat(125), new UserRecord.EnrolmentRef(255, T, 365));
    }
    int size = ItemSize.of(UserItems.userItem(new UserRecord(id('u'), Long.MAX_VALUE, T, refs)));
    assertTrue(size < BOUND, "largest user item: " + size + " bytes");
  }

  @Test
  void theLargestLogEntryFits() {
    LoggedEvent e =
        new LoggedEvent(id('e'), OutcomeType.PURCHASE, T, new BigDecimal("999999999.9999"), false);
    int size = ItemSize.of(UserItems.logItem(id('u'), e, Long.MAX_VALUE));
    assertTrue(size < 1024, "largest log entry: " + size + " bytes");
  }
}
