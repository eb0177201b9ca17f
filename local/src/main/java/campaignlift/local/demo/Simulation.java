package campaignlift.local.demo;

import campaignlift.campaign.Assignment;
import campaignlift.evaluation.result.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hipparchus.distribution.continuous.LogNormalDistribution;
import org.hipparchus.random.RandomDataGenerator;

/**
 * A loyalty campaign with known effects. Every user is simulated under both arms with common random
 * numbers: the treated arm's events are the control arm's plus extra ones (superposed Poisson
 * processes), so each user has both potential outcomes and the true effect of each metric is the
 * difference of their means over all users — the sample average treatment effect the evaluation
 * estimates. Skewed like real loyalty data: most users never buy, a few buy a lot
 * (gamma-distributed rates, log-normal basket values).
 */
public final class Simulation {
  public static final int WINDOW_DAYS = 14;
  static final double CONTROL_WEIGHT = 0.1;
  public static final int EXPOSURE_DAYS = 35;

  /** Treatment multipliers, on top of the control behaviour. */
  static final double ACTIVITY_LIFT = 0.25;

  static final double REFERRAL_LIFT = 0.40;
  static final double PROSPECT_SIGNUP_CONTROL = 0.30;
  static final double PROSPECT_SIGNUP_TREATED = 0.36;

  /** Treated first-time buyers make Poisson(this) extra purchases in the window. */
  static final double EXTRA_REPEATS = 0.6;

  /** One outcome event as the API takes it. */
  public record Event(
      String eventId, String userId, String type, Instant at, Double value, String referredBy) {}

  /** One simulated user with both potential outcomes. */
  public record User(
      String userId,
      boolean control,
      Instant exposedAt,
      Instant reExposedAt,
      Instant createdAt,
      String channel,
      double[] controlValues,
      double[] treatedValues) {}

  public final String campaignId;
  public final Instant start;
  public final List<User> users = new ArrayList<>();
  public final List<Event> events = new ArrayList<>();

  public Simulation(String campaignId, Instant start, int n, long seed) {
    this.campaignId = campaignId;
    this.start = start;
    RandomDataGenerator rng = RandomDataGenerator.of(new org.hipparchus.random.Well19937c(seed));
    Random r = new Random(seed);
    LogNormalDistribution basket = new LogNormalDistribution(3.4, 0.9);
    int eventSeq = 0;
    for (int i = 0; i < n; i++) {
      String userId = "user-" + i;
      boolean control =
          Assignment.bucket(campaignId, userId) < CONTROL_WEIGHT; // what the API will assign
      Instant t0 = start.plus(Duration.ofMinutes(r.nextInt(EXPOSURE_DAYS * 24 * 60)));
      Instant end = t0.plus(Duration.ofDays(WINDOW_DAYS));
      Instant pre = t0.minus(Duration.ofDays(WINDOW_DAYS));
      boolean prospect = r.nextDouble() < 0.15;
      Instant created =
          prospect
              ? null
              : r.nextDouble() < 0.2
                  ? t0.minus(Duration.ofDays(1 + r.nextInt(20)))
                  : t0.minus(Duration.ofDays(60 + r.nextInt(700)));
      String channel = r.nextDouble() < 0.55 ? "email" : "push";
      Instant reExposed =
          r.nextDouble() < 0.05 ? t0.plus(Duration.ofHours(1 + r.nextInt(24 * 6))) : null;

      // Latent behaviour shared by both arms and by the pre-window (what makes CUPED useful).
      double activity = rng.nextGamma(0.6, 1.0);
      boolean buyer = r.nextDouble() < 0.3;
      double repeat = buyer ? rng.nextGamma(0.6, 1.2) : 0;
      double firstBuyProbability = buyer ? 0.55 : 0;
      double referral = r.nextDouble() < 0.1 ? 0.8 : 0.03;

      // Pre-window (before exposure): control behaviour.
      int preActivity = poisson(rng, activity);
      for (int k = 0; k < preActivity; k++) {
        events.add(ev(++eventSeq, userId, "activity", between(r, pre, t0), null, null));
      }
      int prePurchases =
          buyer && r.nextDouble() < firstBuyProbability ? 1 + poisson(rng, repeat) : 0;
      for (int k = 0; k < prePurchases; k++) {
        events.add(
            ev(++eventSeq, userId, "purchase", between(r, pre, t0), value(rng, basket), null));
      }

      // Window: control outcomes, plus the treated arm's extra events.
      int acts = poisson(rng, activity);
      int extraActs = poisson(rng, activity * ACTIVITY_LIFT);
      boolean firstBuy = r.nextDouble() < firstBuyProbability;
      int repeats = firstBuy ? poisson(rng, repeat) : 0;
      int extraRepeats = firstBuy ? poisson(rng, EXTRA_REPEATS) : 0;
      int refs = poisson(rng, referral);
      int extraRefs = poisson(rng, referral * REFERRAL_LIFT);
      double signupDraw = r.nextDouble();
      boolean signupC = prospect && signupDraw < PROSPECT_SIGNUP_CONTROL;
      boolean signupT = prospect && signupDraw < PROSPECT_SIGNUP_TREATED;

      int actsSent = acts + (control ? 0 : extraActs);
      for (int k = 0; k < actsSent; k++) {
        events.add(ev(++eventSeq, userId, "activity", between(r, t0, end), null, null));
      }
      // Basket values for both arms' purchases, drawn whatever the arm (common random numbers).
      double revenueC = 0;
      double revenueExtra = 0;
      int base = firstBuy ? 1 + repeats : 0;
      int extra = firstBuy ? extraRepeats : 0;
      for (int k = 0; k < base + extra; k++) {
        double v = value(rng, basket);
        Instant at = between(r, t0, end);
        if (k < base) {
          revenueC += v;
        } else {
          revenueExtra += v;
        }
        if (k < base || !control) {
          events.add(ev(++eventSeq, userId, "purchase", at, v, null));
        }
      }
      int refsSent = refs + (control ? 0 : extraRefs);
      for (int k = 0; k < refsSent; k++) {
        String friend = "friend-" + i + "-" + k;
        events.add(ev(++eventSeq, friend, "signup", between(r, t0, end), null, userId));
      }
      if (control ? signupC : signupT) {
        events.add(ev(++eventSeq, userId, "signup", between(r, t0, end), null, null));
      }

      double[] c = values(refs + (signupC ? 1 : 0), acts, base, prePurchases, firstBuy, revenueC);
      double[] t =
          values(
              refs + extraRefs + (signupT ? 1 : 0),
              acts + extraActs,
              base + extra,
              prePurchases,
              firstBuy,
              revenueC + revenueExtra);
      users.add(new User(userId, control, t0, reExposed, created, channel, c, t));
    }
    events.sort((a, b) -> a.at().compareTo(b.at()));
  }

  /** One arm's value of each of {@link #METRICS} for a user (docs/metrics.md definitions). */
  private static double[] values(
      int newUsers, int activity, int purchases, int prePurchases, boolean bought, double revenue) {
    boolean repeat = bought && purchases + prePurchases >= 2;
    return new double[] {
      newUsers, activity, repeat ? 1 : 0, activity > 0 ? 1 : 0, bought ? 1 : 0, purchases, revenue
    };
  }

  /** The metrics the demo reports, headline metrics first. */
  public static final List<Metric> METRICS =
      List.of(
          Metric.NEW_USERS,
          Metric.ACTIVITY,
          Metric.REPEAT_PURCHASE_RATE,
          Metric.ACTIVE_RATE,
          Metric.PURCHASER_RATE,
          Metric.PURCHASES,
          Metric.REVENUE);

  /**
   * The true relative effect of metric {@code m}: mean of treated outcomes over mean of control
   * outcomes − 1.
   */
  public double trueRelativeEffect(int m) {
    double c = 0;
    double t = 0;
    for (User u : users) {
      c += u.controlValues()[m];
      t += u.treatedValues()[m];
    }
    return c == 0 ? 0 : t / c - 1;
  }

  private static int poisson(RandomDataGenerator rng, double mean) {
    return mean <= 0 ? 0 : rng.nextPoisson(mean);
  }

  private static double value(RandomDataGenerator rng, LogNormalDistribution basket) {
    return Math.round(rng.nextDeviate(basket) * 100) / 100.0;
  }

  private static Instant between(Random r, Instant from, Instant to) {
    long span = Duration.between(from, to).toMinutes();
    return from.plus(Duration.ofMinutes((long) (r.nextDouble() * span)));
  }

  private static Event ev(
      int seq, String user, String type, Instant at, Double value, String referredBy) {
    return new Event("ev-" + seq, user, type, at, value, referredBy);
  }
}
