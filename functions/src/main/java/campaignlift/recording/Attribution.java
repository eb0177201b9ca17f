package campaignlift.recording;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * docs/metrics.md: what one logged event adds to one enrolment with first exposure {@code t0} and
 * window {@code W} days. A pure function, used both for incremental updates and for rebuilding an
 * enrolment from the event log, so the two paths cannot disagree — which is what makes the result
 * independent of arrival order.
 */
public final class Attribution {
  private Attribution() {}

  public static Counters of(Instant t0, int windowDays, LoggedEvent e) {
    if (e.type() == null) {
      return Counters.ZERO; // a stored entry of a type this version does not know
    }
    Duration w = Duration.ofDays(windowDays);
    Instant end = t0.plus(w);
    Instant preStart = t0.minus(w);
    boolean inWindow = !e.at().isBefore(t0) && e.at().isBefore(end);
    boolean inPre = !e.at().isBefore(preStart) && e.at().isBefore(t0);
    if (e.referral()) {
      return counters(
          inWindow ? 1 : 0, 0, 0, BigDecimal.ZERO, inPre ? 1 : 0, 0, 0, BigDecimal.ZERO, 0, 0);
    }
    return switch (e.type()) {
      case SIGNUP ->
          counters(
              inWindow ? 1 : 0, 0, 0, BigDecimal.ZERO, inPre ? 1 : 0, 0, 0, BigDecimal.ZERO, 0, 0);
      case ACTIVITY ->
          counters(
                  0,
                  inWindow ? 1 : 0,
                  0,
                  BigDecimal.ZERO,
                  0,
                  inPre ? 1 : 0,
                  0,
                  BigDecimal.ZERO,
                  0,
                  0)
              .withLoyalty(active(millis(e.at()), inWindow, inPre));
      case PURCHASE ->
          counters(
                  0,
                  0,
                  inWindow ? 1 : 0,
                  inWindow ? e.value() : BigDecimal.ZERO,
                  0,
                  0,
                  inPre ? 1 : 0,
                  inPre ? e.value() : BigDecimal.ZERO,
                  e.at().isBefore(end) ? 1 : 0,
                  e.at().isBefore(t0) ? 1 : 0)
              .withLoyalty(purchase(millis(e.at()), inWindow, inPre));
      case REFUND ->
          // docs/metrics.md: revenue is net of refunds, in the window the refund falls in.
          counters(
              0,
              0,
              0,
              inWindow ? e.value().negate() : BigDecimal.ZERO,
              0,
              0,
              0,
              inPre ? e.value().negate() : BigDecimal.ZERO,
              0,
              0);
      case CANCELLATION ->
          Counters.ZERO.withLoyalty(
              new LoyaltyCounters(
                  inWindow ? 1 : 0, inPre ? 1 : 0, null, null, null, null, null, null, null));
      case SURVEY -> Counters.ZERO.withLoyalty(survey(e, t0, inWindow));
    };
  }

  /** Activity and purchases make the user active at {@code at} (retainedRate). */
  private static LoyaltyCounters active(Instant at, boolean inWindow, boolean inPre) {
    return new LoyaltyCounters(
        0, 0, inWindow ? at : null, inPre ? at : null, null, null, null, null, null);
  }

  private static LoyaltyCounters purchase(Instant at, boolean inWindow, boolean inPre) {
    Instant window = inWindow ? at : null;
    return new LoyaltyCounters(0, 0, window, inPre ? at : null, null, null, null, window, null);
  }

  /**
   * An answer in the window fills its survey's register; an NPS answer at any time before t0 fills
   * {@code npsBefore} (the attitudinal half of the loyalty quadrants). A stored answer that could
   * not be read ({@code survey} null) counts towards nothing.
   */
  private static LoyaltyCounters survey(LoggedEvent e, Instant t0, boolean inWindow) {
    if (e.survey() == null || e.score() == null) {
      return LoyaltyCounters.NONE;
    }
    SurveyAnswer answer = new SurveyAnswer(millis(e.at()), e.eventId(), e.score());
    boolean nps = e.survey() == SurveyKind.NPS;
    return new LoyaltyCounters(
        0,
        0,
        null,
        null,
        nps && inWindow ? answer : null,
        !nps && inWindow ? answer : null,
        nps && e.at().isBefore(t0) ? answer : null,
        null,
        null);
  }

  /**
   * Instants kept in the counters are whole milliseconds, as the store keeps them, so an enrolment
   * read back equals the one written (truncation keeps "later" and "earlier" order-independent).
   */
  private static Instant millis(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  private static Counters counters(
      long s,
      long a,
      long p,
      BigDecimal r,
      long ps,
      long pa,
      long pp,
      BigDecimal pr,
      long be,
      long bs) {
    return new Counters(s, a, p, r, ps, pa, pp, pr, be, bs);
  }
}
