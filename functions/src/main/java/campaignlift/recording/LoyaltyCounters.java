package campaignlift.recording;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-enrolment state of the loyalty measures (docs/metrics.md). Every field merges
 * order-independently: counts add, the "latest" registers keep the later instant or answer, and the
 * two purchase instants keep the two earliest of the union (a multiset: two purchases at the same
 * instant are two), so {@link #plus} is associative and commutative with {@link #NONE} as identity.
 *
 * @param cancellations cancellation outcomes in [t0, t0+W)
 * @param preCancellations cancellation outcomes in [t0−W, t0)
 * @param lastActiveAt latest activity or purchase in [t0, t0+W), or null
 * @param preLastActiveAt latest activity or purchase in [t0−W, t0), or null
 * @param nps last NPS answer in [t0, t0+W), or null
 * @param csat last CSAT answer in [t0, t0+W), or null
 * @param npsBefore last NPS answer before t0 (at any time before it), or null
 * @param firstPurchaseAt earliest purchase in [t0, t0+W), or null
 * @param secondPurchaseAt second earliest purchase in [t0, t0+W) (may equal the first), or null
 */
public record LoyaltyCounters(
    long cancellations,
    long preCancellations,
    Instant lastActiveAt,
    Instant preLastActiveAt,
    SurveyAnswer nps,
    SurveyAnswer csat,
    SurveyAnswer npsBefore,
    Instant firstPurchaseAt,
    Instant secondPurchaseAt) {

  public static final LoyaltyCounters NONE =
      new LoyaltyCounters(0, 0, null, null, null, null, null, null, null);

  public LoyaltyCounters plus(LoyaltyCounters o) {
    List<Instant> purchases = new ArrayList<>(4);
    for (Instant at :
        new Instant[] {firstPurchaseAt, secondPurchaseAt, o.firstPurchaseAt, o.secondPurchaseAt}) {
      if (at != null) {
        purchases.add(at);
      }
    }
    purchases.sort(null);
    return new LoyaltyCounters(
        cancellations + o.cancellations,
        preCancellations + o.preCancellations,
        later(lastActiveAt, o.lastActiveAt),
        later(preLastActiveAt, o.preLastActiveAt),
        SurveyAnswer.later(nps, o.nps),
        SurveyAnswer.later(csat, o.csat),
        SurveyAnswer.later(npsBefore, o.npsBefore),
        purchases.isEmpty() ? null : purchases.get(0),
        purchases.size() < 2 ? null : purchases.get(1));
  }

  public boolean isZero() {
    return equals(NONE);
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
