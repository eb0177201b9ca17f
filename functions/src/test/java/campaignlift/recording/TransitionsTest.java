package campaignlift.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.CampaignFixture;
import campaignlift.store.EnrolmentItems;
import campaignlift.store.ItemSize;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The write path's pure transitions for exposures (docs/write-path.md): what a delivery writes,
 * what it does not, and that the enrolment item does not grow with a user's exposures.
 */
class TransitionsTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  static Campaign campaign(String id) {
    return CampaignFixture.campaign(
        id,
        Instant.parse("2026-03-01T00:00:00Z"),
        null,
        CampaignFixture.controlAndCoupon(),
        List.of("channel"));
  }

  static Exposure exposure(Instant at, String group, String channel) {
    return new Exposure(
        "u1", at, group, channel == null ? Map.of() : Map.of("channel", channel), null);
  }

  /** Applies {@code result} to {@code state} as a successful commit would. */
  static UserState applied(UserState state, Transitions.ExposureResult result) {
    if (result.change() == null) {
      return state;
    }
    Map<String, Enrolment> enrolments = new HashMap<>(state.enrolments());
    result.change().enrolments().forEach(e -> enrolments.put(e.campaignId(), e));
    return new UserState(result.change().next(), enrolments);
  }

  @Test
  void aRedeliveredExposureWritesNothing() {
    Campaign c = campaign("c1");
    UserState empty = new UserState(UserRecord.absent("u1"), Map.of());
    List<Exposure> batch = List.of(exposure(T0, "coupon", "email"));
    var first = Transitions.exposures(empty, c, batch, Set.of(), List::of);
    assertEquals(1, first.tally().accepted());
    assertEquals(1, first.newKeys().size());

    UserState after = applied(empty, first);
    var again = Transitions.exposures(after, c, batch, first.newKeys(), List::of);
    assertNull(again.change(), "a duplicate delivery must cost no write");
    assertEquals(new Transitions.ExposureTally(0, 1, 0, 0), again.tally());
  }

  @Test
  void exposuresThatDifferInAnythingAreDistinct() {
    Campaign c = campaign("c1");
    Set<String> keys = new HashSet<>();
    keys.add(exposure(T0, "coupon", "email").dedupeKey(c));
    keys.add(exposure(T0, "coupon", "push").dedupeKey(c));
    keys.add(exposure(T0, "control", "email").dedupeKey(c));
    keys.add(exposure(T0.plusMillis(1), "coupon", "email").dedupeKey(c));
    keys.add(exposure(T0, "coupon", "email").dedupeKey(campaign("c2")));
    assertEquals(5, keys.size());
    // The assigned group is the group an exposure without one resolves to.
    String assigned = campaignlift.campaign.Assignment.assign(c, "u1").name();
    assertEquals(exposure(T0, assigned, null).dedupeKey(c), exposure(T0, null, null).dedupeKey(c));
    for (String k : keys) {
      assertTrue(k.length() <= 2 + 128 + 1 + 128 + 1 + 43, k);
    }
  }

  @Test
  void theEnrolmentItemDoesNotGrowWithExposures() {
    Campaign c = campaign("c1");
    UserState state = new UserState(UserRecord.absent("u1"), Map.of());
    Set<String> recorded = new HashSet<>();
    int sent = 0;
    for (int batch = 0; batch < 20; batch++) {
      List<Exposure> xs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        // Later batches carry earlier exposures too, so the enrolment moves now and then.
        xs.add(
            exposure(
                T0.plus(Duration.ofMinutes((batch * 7919L + i * 104729L) % 100_000)),
                "coupon",
                "email"));
      }
      var r = Transitions.exposures(state, c, xs, recorded, List::of);
      recorded.addAll(r.newKeys());
      state = applied(state, r);
      sent += xs.size();
    }
    Enrolment e = state.enrolments().get("c1");
    assertEquals(recorded.size(), e.exposures());
    assertTrue(recorded.size() > 900 && recorded.size() <= sent);
    assertEquals(Set.of("coupon"), e.groupsSeen());
    int size = ItemSize.of(EnrolmentItems.item(e));
    assertTrue(size < 1_000, "enrolment item is " + size + " bytes after " + sent + " exposures");
  }

  @Test
  void theEarliestExposureWinsWhateverTheArrivalOrder() {
    Campaign c = campaign("c1");
    List<Exposure> xs =
        List.of(
            exposure(T0.plusSeconds(30), "coupon", "push"),
            exposure(T0, "coupon", "email"),
            exposure(T0.plusSeconds(60), "coupon", "sms"));
    List<LoggedEvent> log =
        List.of(
            new LoggedEvent("e1", OutcomeType.PURCHASE, T0.plusSeconds(10), BigDecimal.TEN, false),
            new LoggedEvent(
                "e2", OutcomeType.ACTIVITY, T0.plusSeconds(40), BigDecimal.ZERO, false));
    Enrolment reference = null;
    for (int[] order : new int[][] {{0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {2, 0, 1}}) {
      UserState state = new UserState(UserRecord.absent("u1"), Map.of());
      Set<String> recorded = new HashSet<>();
      for (int i : order) {
        var r = Transitions.exposures(state, c, List.of(xs.get(i)), recorded, () -> log);
        recorded.addAll(r.newKeys());
        state = applied(state, r);
      }
      Enrolment e = state.enrolments().get("c1");
      assertEquals(T0, e.t0());
      assertEquals(Map.of("channel", "email"), e.attributes());
      assertEquals(3, e.exposures());
      assertEquals(1, e.counters().purchases());
      assertEquals(1, e.counters().activity());
      if (reference == null) {
        reference = e;
      } else {
        assertEquals(reference, e);
      }
    }
  }

  @Test
  void aUserAtTheEnrolmentLimitIsRefusedAndNothingIsWritten() {
    Map<String, UserRecord.EnrolmentRef> refs = new HashMap<>();
    for (int i = 0; i < UserRecord.MAX_ENROLMENTS; i++) {
      refs.put("other-" + i, new UserRecord.EnrolmentRef(0, T0, 14));
    }
    UserState full = new UserState(new UserRecord("u1", 7, null, refs), Map.of());
    var r =
        Transitions.exposures(
            full, campaign("c1"), List.of(exposure(T0, null, null)), Set.of(), List::of);
    assertNull(r.change());
    assertEquals(new Transitions.ExposureTally(0, 0, 0, 1), r.tally());

    // A campaign the user is already enrolled in still takes exposures.
    refs.remove("other-0");
    refs.put("c1", new UserRecord.EnrolmentRef(3, T0, 14));
    UserState enrolled =
        new UserState(
            new UserRecord("u1", 7, null, refs),
            Map.of(
                "c1",
                new Enrolment(
                    "c1",
                    "u1",
                    3,
                    "coupon",
                    T0,
                    14,
                    Map.of(),
                    Set.of("coupon"),
                    1,
                    null,
                    Counters.ZERO)));
    var later =
        Transitions.exposures(
            enrolled,
            campaign("c1"),
            List.of(exposure(T0.plusSeconds(5), "coupon", null)),
            Set.of(),
            List::of);
    assertNotEquals(null, later.change());
    assertEquals(1, later.tally().accepted());
    if (later.change().next().enrolments().size() > UserRecord.MAX_ENROLMENTS) {
      fail("the user item holds more references than the limit");
    }
  }

  @Test
  void anEarlierExposureMovesTheEnrolmentAndRebuildsItsCounters() {
    Campaign c = campaign("c1");
    List<LoggedEvent> log =
        List.of(
            new LoggedEvent(
                "buy", OutcomeType.PURCHASE, T0.minusSeconds(1800), new BigDecimal("5"), false),
            new LoggedEvent(
                "use", OutcomeType.ACTIVITY, T0.plusSeconds(3600), BigDecimal.ZERO, false));
    UserState empty = new UserState(UserRecord.absent("u1"), Map.of());
    var first =
        Transitions.exposures(
            empty, c, List.of(exposure(T0, "coupon", "email")), Set.of(), () -> log);
    UserState enrolled = applied(empty, first);
    // At t0 = T0 the purchase half an hour earlier is a covariate, the activity an outcome.
    assertEquals(
        new Counters(
            0,
            1,
            0,
            BigDecimal.ZERO,
            0,
            0,
            1,
            new BigDecimal("5"),
            1,
            1,
            new LoyaltyCounters(
                0, 0, T0.plusSeconds(3600), T0.minusSeconds(1800), null, null, null, null, null)),
        enrolled.enrolments().get("c1").counters());

    var earlier =
        Transitions.exposures(
            enrolled,
            c,
            List.of(exposure(T0.minusSeconds(3600), "control", "push")),
            first.newKeys(),
            () -> log);
    Enrolment moved = applied(enrolled, earlier).enrolments().get("c1");
    assertEquals(T0.minusSeconds(3600), moved.t0());
    assertEquals("control", moved.group());
    assertEquals(Map.of("channel", "push"), moved.attributes());
    // An hour earlier both events fall in the window; nothing is left before t0.
    assertEquals(
        new Counters(
            0,
            1,
            1,
            new BigDecimal("5"),
            0,
            0,
            0,
            BigDecimal.ZERO,
            1,
            0,
            new LoyaltyCounters(
                0, 0, T0.plusSeconds(3600), null, null, null, null, T0.minusSeconds(1800), null)),
        moved.counters());
    assertEquals(2, moved.exposures());
    // The later exposure named another group: the user now has a conflict.
    assertEquals(Set.of("control", "coupon"), moved.groupsSeen());
    assertEquals(new Transitions.ExposureTally(1, 0, 0, 0), earlier.tally());
  }

  @Test
  void aLaterExposureKeepsTheEnrolmentAndReadsNoLog() {
    Campaign c = campaign("c1");
    UserState empty = new UserState(UserRecord.absent("u1"), Map.of());
    UserState enrolled =
        applied(
            empty,
            Transitions.exposures(
                empty, c, List.of(exposure(T0, "coupon", "email")), Set.of(), List::of));
    var later =
        Transitions.exposures(
            enrolled,
            c,
            List.of(exposure(T0.plusSeconds(60), "coupon", "push")),
            Set.of(),
            () -> fail("the log is read only when the enrolment is created or moves"));
    Enrolment kept = applied(enrolled, later).enrolments().get("c1");
    assertEquals(T0, kept.t0());
    assertEquals(Map.of("channel", "email"), kept.attributes());
    assertEquals(2, kept.exposures());
  }

  @Test
  void anExposureRepeatedWithinOneBatchCountsOnceAndOnceAsADuplicate() {
    Exposure x = exposure(T0, "coupon", "email");
    var r =
        Transitions.exposures(
            new UserState(UserRecord.absent("u1"), Map.of()),
            campaign("c1"),
            List.of(x, x),
            Set.of(),
            List::of);
    assertEquals(new Transitions.ExposureTally(1, 1, 0, 0), r.tally());
    assertEquals(1, r.newKeys().size());
  }
}
