package campaignlift.recording;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * docs/metrics.md: what one logged event adds to one enrolment with first exposure {@code t0} and
 * window {@code W} days. A pure function, used both for incremental updates and for rebuilding an
 * enrolment from the event log, so the two paths cannot disagree — which is what makes the result
 * independent of arrival order.
 */
public final class Attribution {
  private Attribution() {}

  public static Counters of(Instant t0, int windowDays, LoggedEvent e) {
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
              0, inWindow ? 1 : 0, 0, BigDecimal.ZERO, 0, inPre ? 1 : 0, 0, BigDecimal.ZERO, 0, 0);
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
              e.at().isBefore(t0) ? 1 : 0);
    };
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
