package campaignlift.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.CampaignFixture;
import campaignlift.store.UserItems;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The loyalty state of an enrolment (docs/metrics.md) is a fold of its events that does not depend
 * on their order or grouping: events folded in any order, or in partial sums merged in any tree,
 * give equal {@link Counters}, equal to a direct computation from the raw events; and an enrolment
 * rebuilt from the event log equals one updated event by event.
 */
class LoyaltyCountersTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final int W = Campaign.DEFAULT_WINDOW_DAYS;
  static final Duration WINDOW = Duration.ofDays(W);

  static LoggedEvent event(String id, OutcomeType type, Instant at) {
    BigDecimal value = type == OutcomeType.PURCHASE ? new BigDecimal("2.5") : BigDecimal.ZERO;
    return new LoggedEvent(id, type, at, value, false);
  }

  static LoggedEvent survey(String id, SurveyKind kind, Instant at, int score) {
    return new LoggedEvent(id, OutcomeType.SURVEY, at, BigDecimal.ZERO, false, kind, score);
  }

  /**
   * Events on and around every boundary, with ties: two purchases at one instant (a multiset), two
   * NPS answers at one instant (the larger event id wins), answers before the pre-window.
   */
  static List<LoggedEvent> events() {
    Instant end = T0.plus(WINDOW);
    Instant pre = T0.minus(WINDOW);
    List<LoggedEvent> e = new ArrayList<>();
    e.add(event("c1", OutcomeType.CANCELLATION, T0));
    e.add(event("c2", OutcomeType.CANCELLATION, end.minusMillis(1)));
    e.add(event("c3", OutcomeType.CANCELLATION, end));
    e.add(event("c4", OutcomeType.CANCELLATION, pre));
    e.add(event("c5", OutcomeType.CANCELLATION, pre.minusMillis(1)));
    e.add(event("a1", OutcomeType.ACTIVITY, T0.plusSeconds(10)));
    e.add(event("a2", OutcomeType.ACTIVITY, end.minusSeconds(5)));
    e.add(event("a3", OutcomeType.ACTIVITY, T0.minusSeconds(100)));
    e.add(event("a4", OutcomeType.ACTIVITY, end.plusSeconds(1)));
    e.add(event("p1", OutcomeType.PURCHASE, T0.plus(Duration.ofDays(3))));
    e.add(event("p2", OutcomeType.PURCHASE, T0.plus(Duration.ofDays(3))));
    e.add(event("p3", OutcomeType.PURCHASE, T0.plus(Duration.ofDays(5))));
    e.add(event("p4", OutcomeType.PURCHASE, T0.minusSeconds(50)));
    e.add(event("p5", OutcomeType.PURCHASE, end.minusSeconds(1)));
    e.add(event("s1", OutcomeType.SIGNUP, T0.plusSeconds(1)));
    e.add(survey("n1", SurveyKind.NPS, T0.plus(Duration.ofDays(2)), 9));
    e.add(survey("n2", SurveyKind.NPS, T0.plus(Duration.ofDays(4)), 3));
    e.add(survey("n3", SurveyKind.NPS, T0.plus(Duration.ofDays(4)), 10));
    e.add(survey("n4", SurveyKind.NPS, end, 0));
    e.add(survey("n5", SurveyKind.NPS, T0.minus(Duration.ofDays(400)), 8));
    e.add(survey("n6", SurveyKind.NPS, T0.minus(Duration.ofDays(300)), 2));
    e.add(survey("k1", SurveyKind.CSAT, T0.plusSeconds(7), 5));
    e.add(survey("k2", SurveyKind.CSAT, T0.plusSeconds(6), 1));
    e.add(survey("k3", SurveyKind.CSAT, T0.minusSeconds(6), 2));
    return e;
  }

  /** The loyalty state the docs define, computed directly from the raw events. */
  static LoyaltyCounters direct(List<LoggedEvent> events) {
    Instant end = T0.plus(WINDOW);
    Instant pre = T0.minus(WINDOW);
    long cancellations = 0;
    long preCancellations = 0;
    Instant lastActive = null;
    Instant preLastActive = null;
    List<Instant> purchases = new ArrayList<>();
    Map<SurveyKind, LoggedEvent> last = new HashMap<>();
    LoggedEvent npsBefore = null;
    Comparator<LoggedEvent> order =
        Comparator.comparing(LoggedEvent::at).thenComparing(LoggedEvent::eventId);
    for (LoggedEvent e : events) {
      boolean in = !e.at().isBefore(T0) && e.at().isBefore(end);
      boolean inPre = !e.at().isBefore(pre) && e.at().isBefore(T0);
      switch (e.type()) {
        case CANCELLATION -> {
          cancellations += in ? 1 : 0;
          preCancellations += inPre ? 1 : 0;
        }
        case ACTIVITY, PURCHASE -> {
          if (in && (lastActive == null || e.at().isAfter(lastActive))) {
            lastActive = e.at();
          }
          if (inPre && (preLastActive == null || e.at().isAfter(preLastActive))) {
            preLastActive = e.at();
          }
          if (in && e.type() == OutcomeType.PURCHASE) {
            purchases.add(e.at());
          }
        }
        case SURVEY -> {
          if (in) {
            last.merge(e.survey(), e, (a, b) -> order.compare(a, b) >= 0 ? a : b);
          }
          if (e.survey() == SurveyKind.NPS
              && e.at().isBefore(T0)
              && (npsBefore == null || order.compare(e, npsBefore) > 0)) {
            npsBefore = e;
          }
        }
        default -> {}
      }
    }
    Collections.sort(purchases);
    return new LoyaltyCounters(
        cancellations,
        preCancellations,
        lastActive,
        preLastActive,
        answer(last.get(SurveyKind.NPS)),
        answer(last.get(SurveyKind.CSAT)),
        answer(npsBefore),
        purchases.isEmpty() ? null : purchases.get(0),
        purchases.size() < 2 ? null : purchases.get(1));
  }

  static SurveyAnswer answer(LoggedEvent e) {
    return e == null ? null : new SurveyAnswer(e.at(), e.eventId(), e.score());
  }

  static Counters fold(List<LoggedEvent> events) {
    Counters c = Counters.ZERO;
    for (LoggedEvent e : events) {
      c = c.plus(Attribution.of(T0, W, e));
    }
    return c;
  }

  @Test
  void theFoldMatchesADirectComputationFromTheEvents() {
    LoyaltyCounters expected = direct(events());
    // Spelled out for the fixture, so a wrong direct computation cannot hide a wrong fold.
    assertEquals(2, expected.cancellations());
    assertEquals(1, expected.preCancellations());
    assertEquals(T0.plus(WINDOW).minusSeconds(1), expected.lastActiveAt());
    assertEquals(T0.minusSeconds(50), expected.preLastActiveAt());
    assertEquals(new SurveyAnswer(T0.plus(Duration.ofDays(4)), "n3", 10), expected.nps());
    assertEquals(new SurveyAnswer(T0.plusSeconds(7), "k1", 5), expected.csat());
    assertEquals(new SurveyAnswer(T0.minus(Duration.ofDays(300)), "n6", 2), expected.npsBefore());
    assertEquals(T0.plus(Duration.ofDays(3)), expected.firstPurchaseAt());
    assertEquals(T0.plus(Duration.ofDays(3)), expected.secondPurchaseAt());
    assertEquals(expected, fold(events()).loyalty());
  }

  @Test
  void anyOrderAndAnyGroupingGiveEqualCounters() {
    List<LoggedEvent> events = events();
    Counters reference = fold(events);
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      List<LoggedEvent> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, random);
      assertEquals(reference, fold(shuffled), "order of seed " + seed);

      // Partial sums of random groups, merged pairwise in a random tree.
      int groups = 1 + random.nextInt(6);
      List<List<LoggedEvent>> parts = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        parts.add(new ArrayList<>());
      }
      shuffled.forEach(e -> parts.get(random.nextInt(groups)).add(e));
      List<Counters> partial = new ArrayList<>();
      parts.forEach(p -> partial.add(fold(p)));
      while (partial.size() > 1) {
        Counters a = partial.remove(random.nextInt(partial.size()));
        Counters b = partial.remove(random.nextInt(partial.size()));
        partial.add(random.nextBoolean() ? a.plus(b) : b.plus(a));
      }
      assertEquals(reference, partial.get(0), "grouping of seed " + seed);
    }
  }

  @Test
  void nothingIsTheIdentityAndSurveysAndCancellationsAreNotActivity() {
    Counters c = fold(events());
    assertEquals(c, c.plus(Counters.ZERO));
    assertEquals(c, Counters.ZERO.plus(c));
    Counters answer =
        Attribution.of(T0, W, survey("x", SurveyKind.CSAT, T0.plusSeconds(1), 4))
            .plus(Attribution.of(T0, W, event("y", OutcomeType.CANCELLATION, T0.plusSeconds(2))));
    assertEquals(0, answer.activity());
    assertEquals(null, answer.loyalty().lastActiveAt());
    assertEquals(1, answer.loyalty().cancellations());
  }

  // ---- rebuilding from the log equals incremental updates ------------------------------------

  static Campaign campaign() {
    return CampaignFixture.campaign(
        "c1",
        Instant.parse("2025-01-01T00:00:00Z"),
        null,
        CampaignFixture.controlAndCoupon(),
        List.of());
  }

  static Exposure exposure(Instant at) {
    return new Exposure("u1", at, "coupon", Map.of(), null);
  }

  /** The log as the store keeps it: each entry written and read back. */
  static List<LoggedEvent> stored(List<LoggedEvent> events) {
    List<LoggedEvent> out = new ArrayList<>();
    for (LoggedEvent e : events) {
      out.add(UserItems.logged(UserItems.logItem("u1", e, 0)));
    }
    return out;
  }

  static UserState apply(UserState state, UserChange change) {
    Map<String, Enrolment> enrolments = new HashMap<>(state.enrolments());
    change.enrolments().forEach(e -> enrolments.put(e.campaignId(), e));
    return new UserState(change.next(), enrolments);
  }

  @Test
  void anEnrolmentRebuiltFromTheLogEqualsOneUpdatedEventByEvent() {
    Campaign c = campaign();
    List<LoggedEvent> events = events();
    UserState empty = new UserState(UserRecord.absent("u1"), Map.of());

    // Incremental: enrolled at T0 before any event, then the events in batches of three.
    UserState incremental =
        apply(
            empty,
            Transitions.exposures(empty, c, List.of(exposure(T0)), Set.of(), List::of).change());
    for (int i = 0; i < events.size(); i += 3) {
      List<LoggedEvent> batch = events.subList(i, Math.min(events.size(), i + 3));
      incremental = apply(incremental, Transitions.outcomes(incremental, batch));
    }

    // Rebuilt: every event recorded first, then a later exposure enrols the user, then an
    // earlier exposure (at T0) moves t0 and rebuilds the counters from the stored log.
    UserState rebuilt = empty;
    for (LoggedEvent e : events) {
      rebuilt = apply(rebuilt, Transitions.outcomes(rebuilt, List.of(e)));
    }
    List<LoggedEvent> log = stored(events);
    var late =
        Transitions.exposures(
            rebuilt, c, List.of(exposure(T0.plus(Duration.ofDays(6)))), Set.of(), () -> log);
    rebuilt = apply(rebuilt, late.change());
    var early = Transitions.exposures(rebuilt, c, List.of(exposure(T0)), late.newKeys(), () -> log);
    assertNotNull(early.change(), "the earlier exposure moves the enrolment");
    rebuilt = apply(rebuilt, early.change());

    Counters expected = incremental.enrolments().get("c1").counters();
    assertEquals(direct(events), expected.loyalty());
    assertEquals(expected, rebuilt.enrolments().get("c1").counters());
  }

  @Test
  void aStoredSurveyEntryThatCannotBeReadCountsTowardsNothing() {
    var item = UserItems.logItem("u1", survey("n1", SurveyKind.NPS, T0.plusSeconds(1), 9), 0);
    item.put("score", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("11"));
    LoggedEvent read = UserItems.logged(item);
    assertEquals(OutcomeType.SURVEY, read.type());
    assertEquals(Counters.ZERO, Attribution.of(T0, W, read));
  }
}
