package campaignlift.evaluation;

import campaignlift.campaign.Campaign;
import campaignlift.domain.ValueDomain;
import campaignlift.evaluation.result.Metric;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.LoyaltyCounters;
import campaignlift.recording.SurveyAnswer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * docs/metrics.md: each metric's per-user variables for one enrolment, as exact integers at the
 * variable's scale (amounts at {@link ValueDomain#MAX_AMOUNT_SCALE} places, everything else whole).
 *
 * <ul>
 *   <li>mean and proportion metrics: (y, x), the value in the outcome window and its pre-window
 *       covariate (0 when the metric has none);
 *   <li>ratio metrics: (numerator, denominator) — and for {@code orderValue} the pre-window
 *       numerator and denominator too, for gbstats' regression-adjusted ratio;
 *   <li>the survival metric has none: its per-user datum is {@link #repeatDay}.
 * </ul>
 *
 * A cell stores, per metric with k variables, Σv_i and Σv_i·v_j for i ≤ j (docs/aggregates.md).
 */
final class MetricVariables {
  static final Metric[] METRICS = Metric.values();

  /** Variables per metric, in {@link #METRICS} order. */
  static final int[] VARIABLES = new int[METRICS.length];

  /** Where each metric's sums start in a cell's sum array. */
  static final int[] OFFSET = new int[METRICS.length];

  /** Sums per cell, over every metric. */
  static final int TOTAL;

  /** Promoters answer 9 or 10, detractors 0 to 6 (docs/metrics.md). */
  static final int PROMOTER_MIN = 9;

  static final int DETRACTOR_MAX = 6;

  /** CSAT answers of 4 or 5 are "satisfied" ({@code csatTop2}). */
  static final int CSAT_TOP_MIN = 4;

  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  static {
    int at = 0;
    for (int i = 0; i < METRICS.length; i++) {
      VARIABLES[i] = variables(METRICS[i]);
      OFFSET[i] = at;
      at += sums(VARIABLES[i]);
    }
    TOTAL = at;
  }

  private MetricVariables() {}

  static int variables(Metric m) {
    return switch (m.kind()) {
      case MEAN, PROPORTION -> 2;
      case RATIO -> m == Metric.ORDER_VALUE ? 4 : 2;
      case SURVIVAL -> 0;
    };
  }

  /** Sums stored for k variables: k linear sums and k(k+1)/2 products. */
  static int sums(int k) {
    return k + k * (k + 1) / 2;
  }

  /** Decimal places of a metric's variable: amounts have {@link ValueDomain#MAX_AMOUNT_SCALE}. */
  static int scale(Metric m, int variable) {
    boolean amount =
        m == Metric.REVENUE || (m == Metric.ORDER_VALUE && (variable == 0 || variable == 2));
    return amount ? ValueDomain.MAX_AMOUNT_SCALE : 0;
  }

  /**
   * The enrolment's variables of every metric: {@code small[i]} has {@link #VARIABLES}[i] entries;
   * {@code big[i]} is null unless one of them does not fit a long's 62 bits (amounts summed over
   * very many purchases), in which case it holds them all.
   */
  record Values(long[][] small, BigInteger[][] big) {}

  static Values of(Enrolment e, CampaignCells.Settings settings) {
    Counters c = e.counters();
    LoyaltyCounters l = c.loyalty() == null ? LoyaltyCounters.NONE : c.loyalty();
    long[][] small = new long[METRICS.length][];
    BigInteger[][] big = new BigInteger[METRICS.length][];
    for (int i = 0; i < METRICS.length; i++) {
      small[i] =
          switch (METRICS[i]) {
            case NEW_USERS -> pair(c.signups(), c.preSignups());
            case ACTIVE_RATE -> pair(flag(c.activity() >= 1), flag(c.preActivity() >= 1));
            case ACTIVITY -> pair(c.activity(), c.preActivity());
            case PURCHASER_RATE -> pair(flag(c.purchases() >= 1), flag(c.prePurchases() >= 1));
            case REPEAT_PURCHASE_RATE ->
                pair(
                    flag(c.purchases() >= 1 && c.purchasesBeforeEnd() >= 2),
                    flag(c.prePurchases() >= 1 && c.purchasesBeforeStart() >= 2));
            case PURCHASES -> pair(c.purchases(), c.prePurchases());
            case REVENUE -> amounts(big, i, unscaled(c.revenue()), unscaled(c.preRevenue()));
            case ORDER_VALUE ->
                amounts(
                    big,
                    i,
                    unscaled(c.revenue()),
                    BigInteger.valueOf(c.purchases()),
                    unscaled(c.preRevenue()),
                    BigInteger.valueOf(c.prePurchases()));
            case CANCELLATION_RATE ->
                pair(flag(l.cancellations() >= 1), flag(l.preCancellations() >= 1));
            case RETAINED_RATE -> retained(e, l, settings.retentionDays());
            case RESPONSE_RATE -> pair(flag(l.nps() != null || l.csat() != null), 0);
            case NPS -> answer(l.nps(), npsClass(l.nps()));
            case CSAT -> answer(l.csat(), l.csat() == null ? 0 : l.csat().score());
            case CSAT_TOP2 ->
                answer(l.csat(), flag(l.csat() != null && l.csat().score() >= CSAT_TOP_MIN));
            case TIME_TO_REPEAT_PURCHASE -> new long[0];
          };
    }
    return new Values(small, big);
  }

  /** Amount variables: longs while they fit 62 bits, else every one of them as BigInteger. */
  private static long[] amounts(BigInteger[][] big, int metric, BigInteger... v) {
    long[] out = new long[v.length];
    for (int k = 0; k < v.length; k++) {
      if (v[k].bitLength() >= 62) {
        big[metric] = v;
        return out;
      }
      out[k] = v[k].longValue();
    }
    return out;
  }

  /**
   * The day of the repeat purchase (the second purchase at or after exposure, within the window),
   * counted from 1 for the first 24 hours after t0; 0 when there is none (docs/metrics.md).
   */
  static int repeatDay(Enrolment e, int windowDays) {
    LoyaltyCounters l = e.counters().loyalty();
    if (l == null || l.secondPurchaseAt() == null) {
      return 0;
    }
    long elapsed = l.secondPurchaseAt().toEpochMilli() - e.t0().toEpochMilli();
    if (elapsed < 0) {
      return 0; // stored data out of its own rules: read leniently as no repeat
    }
    return (int) Math.min(windowDays, elapsed / DAY_MS + 1);
  }

  /**
   * The derived {@code loyalty} segment (docs/metrics.md, after Dick &amp; Basu 1994): behavioural
   * loyalty is at least {@code loyaltyPurchases} purchases in the pre-window, attitudinal loyalty a
   * promoter's answer in the user's last NPS answer before exposure; without such an answer the
   * quadrant is unknown.
   */
  static String loyalty(Enrolment e, int loyaltyPurchases) {
    LoyaltyCounters l = e.counters().loyalty();
    SurveyAnswer before = l == null ? null : l.npsBefore();
    if (before == null) {
      return LOYALTY_UNKNOWN;
    }
    boolean buys = e.counters().prePurchases() >= loyaltyPurchases;
    boolean recommends = before.score() >= PROMOTER_MIN;
    if (buys) {
      return recommends ? LOYALTY_LOYAL : LOYALTY_SPURIOUS;
    }
    return recommends ? LOYALTY_LATENT : LOYALTY_NONE;
  }

  static final String LOYALTY_LOYAL = "loyal";
  static final String LOYALTY_LATENT = "latent";
  static final String LOYALTY_SPURIOUS = "spurious";
  static final String LOYALTY_NONE = "not-loyal";
  static final String LOYALTY_UNKNOWN = "unknown";

  /** The segment value of {@code attribute} for an enrolment: derived for {@code loyalty}. */
  static String segmentValue(Enrolment e, String attribute, CampaignCells.Settings settings) {
    return attribute.equals(Campaign.LOYALTY_ATTRIBUTE)
        ? loyalty(e, settings.loyaltyPurchases())
        : e.attributes().get(attribute);
  }

  private static long[] retained(Enrolment e, LoyaltyCounters l, int retentionDays) {
    Instant end = e.t0().plus(Duration.ofDays(e.windowDays()));
    Instant from = end.minus(Duration.ofDays(retentionDays));
    Instant preFrom = e.t0().minus(Duration.ofDays(retentionDays));
    return pair(
        flag(l.lastActiveAt() != null && !l.lastActiveAt().isBefore(from)),
        flag(l.preLastActiveAt() != null && !l.preLastActiveAt().isBefore(preFrom)));
  }

  /** +100 for a promoter, −100 for a detractor, 0 for a passive or no answer. */
  private static long npsClass(SurveyAnswer a) {
    if (a == null) {
      return 0;
    }
    return a.score() >= PROMOTER_MIN ? 100 : a.score() <= DETRACTOR_MAX ? -100 : 0;
  }

  private static long[] answer(SurveyAnswer a, long numerator) {
    return pair(numerator, flag(a != null));
  }

  private static long[] pair(long a, long b) {
    return new long[] {a, b};
  }

  private static long flag(boolean b) {
    return b ? 1 : 0;
  }

  private static BigInteger unscaled(BigDecimal amount) {
    // Stored data is read leniently: an amount with more places than the value domain allows
    // (written by hand) is rounded the same way wherever it is read, so every path agrees.
    return amount.setScale(ValueDomain.MAX_AMOUNT_SCALE, RoundingMode.HALF_EVEN).unscaledValue();
  }
}
