package campaignlift.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What one logged event adds to an enrolment (docs/metrics.md): the outcome window is [t0, t0+W),
 * the pre-window (the CUPED covariates) is [t0−W, t0), and a referral counts toward new users only.
 * Expected counters are written out by hand.
 */
class AttributionTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final int W = 14;
  static final Duration WINDOW = Duration.ofDays(W);

  static LoggedEvent event(OutcomeType type, Instant at, String value) {
    return new LoggedEvent("e", type, at, new BigDecimal(value), false);
  }

  static Counters of(LoggedEvent e) {
    return Attribution.of(T0, W, e);
  }

  /** The ten counters in the record's order, amounts as written. */
  static Counters counters(
      long signups,
      long activity,
      long purchases,
      String revenue,
      long preSignups,
      long preActivity,
      long prePurchases,
      String preRevenue,
      long purchasesBeforeEnd,
      long purchasesBeforeStart) {
    return new Counters(
        signups,
        activity,
        purchases,
        new BigDecimal(revenue),
        preSignups,
        preActivity,
        prePurchases,
        new BigDecimal(preRevenue),
        purchasesBeforeEnd,
        purchasesBeforeStart);
  }

  /** Loyalty state of one activity or purchase in the window at {@code at}. */
  static LoyaltyCounters activeAt(Instant at, boolean purchase) {
    return new LoyaltyCounters(0, 0, at, null, null, null, null, purchase ? at : null, null);
  }

  @Test
  void aPurchaseInTheWindowCountsWithItsValue() {
    // It also makes the user active and is their first purchase in the window.
    assertEquals(
        counters(0, 0, 1, "19.99", 0, 0, 0, "0", 1, 0)
            .withLoyalty(activeAt(T0.plusSeconds(60), true)),
        of(event(OutcomeType.PURCHASE, T0.plusSeconds(60), "19.99")));
  }

  @Test
  void aRefundSubtractsItsValueFromTheRevenueOfItsWindowAndCountsNoPurchase() {
    assertEquals(
        counters(0, 0, 0, "-7.5", 0, 0, 0, "0", 0, 0),
        of(event(OutcomeType.REFUND, T0.plusSeconds(60), "7.5")));
    assertEquals(
        counters(0, 0, 0, "0", 0, 0, 0, "-7.5", 0, 0),
        of(event(OutcomeType.REFUND, T0.minusSeconds(60), "7.5")));
    assertEquals(Counters.ZERO, of(event(OutcomeType.REFUND, T0.plus(WINDOW), "7.5")));
    // A purchase and its refund net to nothing in revenue; the order still counts.
    Counters both =
        of(event(OutcomeType.PURCHASE, T0.plusSeconds(60), "20"))
            .plus(of(event(OutcomeType.REFUND, T0.plusSeconds(120), "20")));
    assertEquals(0, both.revenue().signum());
    assertEquals(1, both.purchases());
  }

  @Test
  void theWindowIncludesT0AndExcludesItsEnd() {
    assertEquals(
        counters(0, 1, 0, "0", 0, 0, 0, "0", 0, 0).withLoyalty(activeAt(T0, false)),
        of(event(OutcomeType.ACTIVITY, T0, "0")));
    Instant last = T0.plus(WINDOW).minusMillis(1);
    assertEquals(
        counters(0, 1, 0, "0", 0, 0, 0, "0", 0, 0).withLoyalty(activeAt(last, false)),
        of(event(OutcomeType.ACTIVITY, last, "0")));
    assertEquals(Counters.ZERO, of(event(OutcomeType.ACTIVITY, T0.plus(WINDOW), "0")));
  }

  @Test
  void anEventAfterTheWindowAddsNothing() {
    assertEquals(
        Counters.ZERO, of(event(OutcomeType.PURCHASE, T0.plus(WINDOW).plusSeconds(1), "5")));
    assertEquals(Counters.ZERO, of(event(OutcomeType.SIGNUP, T0.plus(Duration.ofDays(90)), "0")));
  }

  @Test
  void anEventBeforeT0CountsOnlyAsACovariate() {
    // [t0−W, t0): the pre-window, never the outcome window.
    // Active in the pre-window, but not a purchase of the window.
    assertEquals(
        counters(0, 0, 0, "0", 0, 0, 1, "7.5", 1, 1)
            .withLoyalty(
                new LoyaltyCounters(0, 0, null, T0.minusMillis(1), null, null, null, null, null)),
        of(event(OutcomeType.PURCHASE, T0.minusMillis(1), "7.5")));
    assertEquals(
        counters(0, 0, 0, "0", 1, 0, 0, "0", 0, 0),
        of(event(OutcomeType.SIGNUP, T0.minus(WINDOW), "0")));
  }

  @Test
  void anEventBeforeThePreWindowAddsOnlyToTheRepeatPurchaseCounts() {
    assertEquals(
        Counters.ZERO, of(event(OutcomeType.ACTIVITY, T0.minus(WINDOW).minusMillis(1), "0")));
    // A purchase long before t0 still tells that a later purchase is a repeat one.
    assertEquals(
        counters(0, 0, 0, "0", 0, 0, 0, "0", 1, 1),
        of(event(OutcomeType.PURCHASE, T0.minus(Duration.ofDays(100)), "3")));
  }

  @Test
  void aReferralCountsTowardNewUsersOnly() {
    LoggedEvent referral =
        new LoggedEvent("e", OutcomeType.SIGNUP, T0.plusSeconds(5), BigDecimal.ZERO, true);
    assertEquals(counters(1, 0, 0, "0", 0, 0, 0, "0", 0, 0), of(referral));
    // Whatever the referred event was, the referrer is credited with one new user and no more.
    LoggedEvent purchase =
        new LoggedEvent("e", OutcomeType.PURCHASE, T0.plusSeconds(5), new BigDecimal("40"), true);
    assertEquals(counters(1, 0, 0, "0", 0, 0, 0, "0", 0, 0), of(purchase));
    LoggedEvent early =
        new LoggedEvent("e", OutcomeType.SIGNUP, T0.minusSeconds(5), BigDecimal.ZERO, true);
    assertEquals(counters(0, 0, 0, "0", 1, 0, 0, "0", 0, 0), of(early));
  }

  @Test
  void purchaseValuesSumExactlyOverEvents() {
    Counters sum =
        of(event(OutcomeType.PURCHASE, T0.plusSeconds(1), "0.1"))
            .plus(of(event(OutcomeType.PURCHASE, T0.plusSeconds(2), "0.2")))
            .plus(of(event(OutcomeType.PURCHASE, T0.minusSeconds(3), "1000000000")));
    assertEquals(new BigDecimal("0.3"), sum.revenue());
    assertEquals(2, sum.purchases());
    assertEquals(new BigDecimal("1000000000"), sum.preRevenue());
    assertEquals(3, sum.purchasesBeforeEnd());
    assertEquals(1, sum.purchasesBeforeStart());
  }

  static LoggedEvent answer(SurveyKind kind, Instant at, int score) {
    return new LoggedEvent("q", OutcomeType.SURVEY, at, BigDecimal.ZERO, false, kind, score);
  }

  static Counters loyalty(LoyaltyCounters l) {
    return Counters.ZERO.withLoyalty(l);
  }

  @Test
  void aSurveyAnswerFillsItsRegisterInTheWindowAndOnlyNpsCountsBeforeT0() {
    Instant in = T0.plusSeconds(30);
    SurveyAnswer nps = new SurveyAnswer(in, "q", 9);
    assertEquals(
        loyalty(new LoyaltyCounters(0, 0, null, null, nps, null, null, null, null)),
        of(answer(SurveyKind.NPS, in, 9)));
    assertEquals(
        loyalty(
            new LoyaltyCounters(
                0, 0, null, null, null, new SurveyAnswer(in, "q", 2), null, null, null)),
        of(answer(SurveyKind.CSAT, in, 2)));
    // Before t0, at any distance, an NPS answer is the attitude before exposure; CSAT is not kept.
    Instant longBefore = T0.minus(Duration.ofDays(200));
    assertEquals(
        loyalty(
            new LoyaltyCounters(
                0, 0, null, null, null, null, new SurveyAnswer(longBefore, "q", 6), null, null)),
        of(answer(SurveyKind.NPS, longBefore, 6)));
    assertEquals(Counters.ZERO, of(answer(SurveyKind.CSAT, T0.minusMillis(1), 5)));
    assertEquals(Counters.ZERO, of(answer(SurveyKind.NPS, T0.plus(WINDOW), 10)));
  }

  @Test
  void aCancellationCountsInTheWindowOrThePreWindowAndIsNotActivity() {
    assertEquals(
        loyalty(new LoyaltyCounters(1, 0, null, null, null, null, null, null, null)),
        of(event(OutcomeType.CANCELLATION, T0, "0")));
    assertEquals(
        loyalty(new LoyaltyCounters(0, 1, null, null, null, null, null, null, null)),
        of(event(OutcomeType.CANCELLATION, T0.minus(WINDOW), "0")));
    assertEquals(Counters.ZERO, of(event(OutcomeType.CANCELLATION, T0.plus(WINDOW), "0")));
  }
}
