package campaignlift.recording;

import java.math.BigDecimal;

/**
 * Everything docs/metrics.md needs about one enrolment's outcomes, as sums that can be folded in
 * any order: counts in the outcome window {@code [t0, t0+W)}, the same in the pre-window {@code
 * [t0−W, t0)} (the CUPED covariates), the purchase counts before the window's end and before t0
 * that repeat-purchase needs, and the loyalty measures' state ({@link LoyaltyCounters}). Evaluation
 * derives every metric from these, so it never reads events.
 */
public record Counters(
    long signups,
    long activity,
    long purchases,
    BigDecimal revenue,
    long preSignups,
    long preActivity,
    long prePurchases,
    BigDecimal preRevenue,
    long purchasesBeforeEnd,
    long purchasesBeforeStart,
    LoyaltyCounters loyalty) {

  public static final Counters ZERO =
      new Counters(0, 0, 0, BigDecimal.ZERO, 0, 0, 0, BigDecimal.ZERO, 0, 0);

  public Counters {
    loyalty = loyalty == null ? LoyaltyCounters.NONE : loyalty;
  }

  /** Counters without loyalty state ({@link LoyaltyCounters#NONE}). */
  public Counters(
      long signups,
      long activity,
      long purchases,
      BigDecimal revenue,
      long preSignups,
      long preActivity,
      long prePurchases,
      BigDecimal preRevenue,
      long purchasesBeforeEnd,
      long purchasesBeforeStart) {
    this(
        signups,
        activity,
        purchases,
        revenue,
        preSignups,
        preActivity,
        prePurchases,
        preRevenue,
        purchasesBeforeEnd,
        purchasesBeforeStart,
        LoyaltyCounters.NONE);
  }

  /** These counters with {@code l} as their loyalty state. */
  public Counters withLoyalty(LoyaltyCounters l) {
    return new Counters(
        signups,
        activity,
        purchases,
        revenue,
        preSignups,
        preActivity,
        prePurchases,
        preRevenue,
        purchasesBeforeEnd,
        purchasesBeforeStart,
        l);
  }

  public Counters plus(Counters o) {
    return new Counters(
        signups + o.signups,
        activity + o.activity,
        purchases + o.purchases,
        revenue.add(o.revenue),
        preSignups + o.preSignups,
        preActivity + o.preActivity,
        prePurchases + o.prePurchases,
        preRevenue.add(o.preRevenue),
        purchasesBeforeEnd + o.purchasesBeforeEnd,
        purchasesBeforeStart + o.purchasesBeforeStart,
        loyalty.plus(o.loyalty));
  }

  public boolean isZero() {
    return signups == 0
        && activity == 0
        && purchases == 0
        && revenue.signum() == 0
        && preSignups == 0
        && preActivity == 0
        && prePurchases == 0
        && preRevenue.signum() == 0
        && purchasesBeforeEnd == 0
        && purchasesBeforeStart == 0
        && loyalty.isZero();
  }
}
