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
 *
 * <p>The loyalty measures (docs/metrics.md) come from the same potential-outcome model: survey
 * answers (NPS, CSAT) whose response does not depend on the arm unless {@code biasedResponse},
 * cancellations, purchase amounts the coupon raises, repeat purchases it brings forward, and NPS
 * answers from before exposure that place users in the {@code loyalty} quadrants. Every true
 * effect, including the restricted-mean days to repeat purchase, is computed from both potential
 * outcomes of every simulated user: the estimand the evaluation estimates, free of Monte Carlo
 * error.
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

  /**
   * The coupon's extra purchases come early: at t0 + W·U², half of them in the first quarter of the
   * window, which brings the repeat purchase forward.
   */
  static final double EXTRA_PURCHASE_TIME_POWER = 2;

  /** Treated baskets are the control baskets × (1 + this): the coupon's cross-sell. */
  static final double ORDER_VALUE_LIFT = 0.08;

  /** Share of users answering the NPS survey in their window (both arms, by default). */
  static final double NPS_RESPONSE = 0.20;

  /**
   * Shares of buyers and of other users who answered an NPS survey before exposure (the attitudinal
   * half of the loyalty quadrants): customers are asked after their orders, so buyers answer more,
   * which puts enough users in every quadrant.
   */
  static final double NPS_BEFORE_BUYER = 0.5;

  static final double NPS_BEFORE_OTHER = 0.1;

  /**
   * NPS classes from a latent satisfaction v in [0, 1): detractor (0–6) below the first cut,
   * passive (7–8) below the second, promoter (9–10) above. The treatment moves both cuts down by
   * {@link #NPS_SHIFT}: 5 points fewer detractors and 5 more promoters, +10 NPS points where v is
   * uniform (non-buyers); buyers' v leans high (the larger of two uniforms), so the population
   * effect is slightly under 10 points.
   */
  static final double NPS_DETRACTOR_CUT = 0.30;

  static final double NPS_PROMOTER_CUT = 0.70;
  static final double NPS_SHIFT = 0.05;

  /** Share of users answering the CSAT survey in their window (both arms, by default). */
  static final double CSAT_RESPONSE = 0.15;

  /** Cumulative shares of CSAT scores 1..4 in control (the rest answer 5). */
  static final double[] CSAT_CUTS = {0.08, 0.18, 0.40, 0.75};

  /**
   * The treatment moves every CSAT cut down by this: +0.06 × 4 = +0.24 on the mean score and +6
   * points of top-2 share.
   */
  static final double CSAT_SHIFT = 0.06;

  /** With {@code biasedResponse}, treated users answer surveys at this multiple of the rate. */
  static final double BIASED_RESPONSE_FACTOR = 2.5;

  /** Cancellation rates in the window: control, and treated (the coupon keeps some users). */
  static final double CANCEL_CONTROL = 0.07;

  static final double CANCEL_TREATED = 0.05;

  /** Cancellations in the pre-window (the CUPED covariate), arm-independent. */
  static final double CANCEL_BEFORE = 0.02;

  /** docs/metrics.md: retained = active in the last this many days of the window (the default). */
  static final int RETENTION_DAYS = 7;

  /**
   * One outcome event as the API takes it.
   *
   * @param survey {@code nps} or {@code csat} for a survey answer, else null
   * @param score the survey answer's score, else null
   */
  public record Event(
      String eventId,
      String userId,
      String type,
      Instant at,
      Double value,
      String referredBy,
      String survey,
      Integer score) {}

  /**
   * One arm's loyalty outcomes of a user (docs/metrics.md definitions).
   *
   * @param nps the NPS answer in the window, or null
   * @param csat the CSAT answer in the window, or null
   * @param repeatDay the day of the second purchase in the window (1 = the first 24 hours), or 0
   * @param revenue purchase values in the window
   * @param purchases purchases in the window
   */
  public record Loyalty(
      boolean cancelled,
      boolean retained,
      Integer nps,
      Integer csat,
      int repeatDay,
      double revenue,
      int purchases) {}

  /** One simulated user with both potential outcomes. */
  public record User(
      String userId,
      boolean control,
      Instant exposedAt,
      Instant reExposedAt,
      Instant createdAt,
      String channel,
      double[] controlValues,
      double[] treatedValues,
      Loyalty controlLoyalty,
      Loyalty treatedLoyalty) {}

  public final String campaignId;
  public final Instant start;
  public final List<User> users = new ArrayList<>();
  public final List<Event> events = new ArrayList<>();

  /** Whether treated users answer surveys more often than control users. */
  public final boolean biasedResponse;

  public Simulation(String campaignId, Instant start, int n, long seed) {
    this(campaignId, start, n, seed, false);
  }

  /**
   * @param biasedResponse treated users answer surveys {@link #BIASED_RESPONSE_FACTOR} times as
   *     often, which the response-balance check should flag
   */
  public Simulation(String campaignId, Instant start, int n, long seed, boolean biasedResponse) {
    this.campaignId = campaignId;
    this.start = start;
    this.biasedResponse = biasedResponse;
    RandomDataGenerator rng = RandomDataGenerator.of(new org.hipparchus.random.Well19937c(seed));
    Random r = new Random(seed);
    // The loyalty measures draw from their own stream, so the earlier measures' draws (and their
    // figures for a seed) are the same as before they were added.
    Random q = new Random(seed ^ 0x5DEECE66DL);
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
      // Each arm's latest activity or purchase, for retainedRate. A control user's extra acts
      // are never sent; their times come from q so that r's draws stay as they were.
      Instant lastC = null;
      Instant lastT = null;
      for (int k = 0; k < actsSent; k++) {
        Instant at = between(r, t0, end);
        events.add(ev(++eventSeq, userId, "activity", at, null, null));
        lastC = k < acts ? later(lastC, at) : lastC;
        lastT = later(lastT, at);
      }
      for (int k = 0; control && k < extraActs; k++) {
        lastT = later(lastT, between(q, t0, end));
      }
      // Basket values for both arms' purchases, drawn whatever the arm (common random numbers).
      double revenueC = 0;
      double revenueT = 0;
      int base = firstBuy ? 1 + repeats : 0;
      int extra = firstBuy ? extraRepeats : 0;
      List<Instant> buysC = new ArrayList<>();
      List<Instant> buysT = new ArrayList<>();
      for (int k = 0; k < base + extra; k++) {
        double v = value(rng, basket);
        double vT = Math.round(v * (1 + ORDER_VALUE_LIFT) * 100) / 100.0;
        double u = r.nextDouble();
        Instant at =
            k < base
                ? fraction(t0, end, u)
                : fraction(t0, end, Math.pow(u, EXTRA_PURCHASE_TIME_POWER));
        if (k < base) {
          revenueC += v;
          buysC.add(at);
          lastC = later(lastC, at);
        }
        revenueT += vT;
        buysT.add(at);
        lastT = later(lastT, at);
        if (control && k < base) {
          events.add(ev(++eventSeq, userId, "purchase", at, v, null));
        } else if (!control) {
          events.add(ev(++eventSeq, userId, "purchase", at, vT, null));
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

      // Loyalty draws, all from q and all made whatever the arm (common random numbers).
      double cancelDraw = q.nextDouble();
      Instant cancelAt = between(q, t0, end);
      boolean cancelledC = cancelDraw < CANCEL_CONTROL;
      boolean cancelledT = cancelDraw < CANCEL_TREATED;
      if (control ? cancelledC : cancelledT) {
        events.add(ev(++eventSeq, userId, "cancellation", cancelAt, null, null));
      }
      if (q.nextDouble() < CANCEL_BEFORE) {
        events.add(ev(++eventSeq, userId, "cancellation", between(q, pre, t0), null, null));
      }
      // Latent satisfaction: buyers lean satisfied, so the loyalty quadrants are not independent.
      double satisfaction = buyer ? Math.max(q.nextDouble(), q.nextDouble()) : q.nextDouble();
      double within = q.nextDouble();
      boolean answeredBefore = q.nextDouble() < (buyer ? NPS_BEFORE_BUYER : NPS_BEFORE_OTHER);
      Instant beforeAt = between(q, t0.minus(Duration.ofDays(90)), t0);
      if (answeredBefore) {
        events.add(survey(++eventSeq, userId, "nps", beforeAt, npsScore(satisfaction, 0, within)));
      }
      double responseFactor = biasedResponse ? BIASED_RESPONSE_FACTOR : 1;
      double npsDraw = q.nextDouble();
      Instant npsAt = between(q, t0, end);
      double npsWithin = q.nextDouble();
      Integer npsC = npsDraw < NPS_RESPONSE ? npsScore(satisfaction, 0, npsWithin) : null;
      Integer npsT =
          npsDraw < NPS_RESPONSE * responseFactor
              ? npsScore(satisfaction, NPS_SHIFT, npsWithin)
              : null;
      Integer npsSent = control ? npsC : npsT;
      if (npsSent != null) {
        events.add(survey(++eventSeq, userId, "nps", npsAt, npsSent));
      }
      double csatDraw = q.nextDouble();
      Instant csatAt = between(q, t0, end);
      double csatLevel = q.nextDouble();
      Integer csatC = csatDraw < CSAT_RESPONSE ? csatScore(csatLevel, 0) : null;
      Integer csatT =
          csatDraw < CSAT_RESPONSE * responseFactor ? csatScore(csatLevel, CSAT_SHIFT) : null;
      Integer csatSent = control ? csatC : csatT;
      if (csatSent != null) {
        events.add(survey(++eventSeq, userId, "csat", csatAt, csatSent));
      }

      double[] c = values(refs + (signupC ? 1 : 0), acts, base, prePurchases, firstBuy, revenueC);
      double[] t =
          values(
              refs + extraRefs + (signupT ? 1 : 0),
              acts + extraActs,
              base + extra,
              prePurchases,
              firstBuy,
              revenueT);
      Instant retainedFrom = end.minus(Duration.ofDays(RETENTION_DAYS));
      Loyalty lc =
          new Loyalty(
              cancelledC,
              lastC != null && !lastC.isBefore(retainedFrom),
              npsC,
              csatC,
              repeatDay(t0, buysC),
              revenueC,
              base);
      Loyalty lt =
          new Loyalty(
              cancelledT,
              lastT != null && !lastT.isBefore(retainedFrom),
              npsT,
              csatT,
              repeatDay(t0, buysT),
              revenueT,
              base + extra);
      users.add(new User(userId, control, t0, reExposed, created, channel, c, t, lc, lt));
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

  /** The loyalty metrics the demo reports, after {@link #METRICS}. */
  public static final List<Metric> LOYALTY_METRICS = Metric.LOYALTY;

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

  /**
   * The true effect of {@code metric} on the scale the demo prints its lift (docs/metrics.md): an
   * absolute difference in NPS points for {@code nps}, in restricted mean days (treatment −
   * control, over the window) for {@code timeToRepeatPurchase}, else relative. Ratio metrics are
   * ratios of sums over all users (Σ numerator / Σ denominator per arm), as the evaluation
   * estimates them. Restricted mean days: with no censoring before the window's end, the
   * Kaplan–Meier RMST over W days is exactly the mean of min(repeat day, W), the day of a user
   * without a repeat purchase counting as W (docs/statistics.md, restricted mean survival time).
   */
  public double trueEffect(Metric metric) {
    int m = METRICS.indexOf(metric);
    if (m >= 0) {
      return trueRelativeEffect(m);
    }
    double[] c = new double[2];
    double[] t = new double[2];
    for (User u : users) {
      add(c, metric, u.controlLoyalty());
      add(t, metric, u.treatedLoyalty());
    }
    double rc = c[1] == 0 ? Double.NaN : c[0] / c[1];
    double rt = t[1] == 0 ? Double.NaN : t[0] / t[1];
    return switch (metric) {
      case NPS, TIME_TO_REPEAT_PURCHASE -> rt - rc;
      default -> rt / rc - 1;
    };
  }

  /** Adds one arm's (numerator, denominator) of {@code metric} for one user. */
  private static void add(double[] sums, Metric metric, Loyalty l) {
    double[] v =
        switch (metric) {
          case CANCELLATION_RATE -> new double[] {l.cancelled() ? 1 : 0, 1};
          case RETAINED_RATE -> new double[] {l.retained() ? 1 : 0, 1};
          case RESPONSE_RATE -> new double[] {l.nps() != null || l.csat() != null ? 1 : 0, 1};
          case ORDER_VALUE -> new double[] {l.revenue(), l.purchases()};
          case NPS -> new double[] {npsPoints(l.nps()), l.nps() != null ? 1 : 0};
          case CSAT -> new double[] {l.csat() == null ? 0 : l.csat(), l.csat() != null ? 1 : 0};
          case CSAT_TOP2 ->
              new double[] {l.csat() != null && l.csat() >= 4 ? 1 : 0, l.csat() != null ? 1 : 0};
          case TIME_TO_REPEAT_PURCHASE ->
              new double[] {l.repeatDay() > 0 ? l.repeatDay() : WINDOW_DAYS, 1};
          default -> throw new IllegalArgumentException("not a loyalty metric: " + metric);
        };
    sums[0] += v[0];
    sums[1] += v[1];
  }

  /** +100 for a promoter (9–10), −100 for a detractor (0–6), 0 otherwise or without an answer. */
  private static double npsPoints(Integer score) {
    if (score == null) {
      return 0;
    }
    return score >= 9 ? 100 : score <= 6 ? -100 : 0;
  }

  /**
   * An NPS score 0–10 from latent satisfaction {@code v} with both class cuts moved down by {@code
   * shift}; {@code within} picks the score inside the class.
   */
  static int npsScore(double v, double shift, double within) {
    if (v < NPS_DETRACTOR_CUT - shift) {
      return (int) (within * 7); // 0..6
    }
    if (v < NPS_PROMOTER_CUT - shift) {
      return 7 + (int) (within * 2);
    }
    return 9 + (int) (within * 2);
  }

  /** A CSAT score 1–5 from level {@code u} with every cut moved down by {@code shift}. */
  static int csatScore(double u, double shift) {
    int score = 1;
    for (double cut : CSAT_CUTS) {
      score += u >= cut - shift ? 1 : 0;
    }
    return score;
  }

  /**
   * The day of the second earliest purchase after t0 (1 for the first 24 hours, as docs/metrics.md
   * counts it), 0 without one.
   */
  private static int repeatDay(Instant t0, List<Instant> purchases) {
    if (purchases.size() < 2) {
      return 0;
    }
    List<Instant> sorted = new ArrayList<>(purchases);
    sorted.sort(null);
    long elapsed = Duration.between(t0, sorted.get(1)).toMillis();
    return (int) Math.min(WINDOW_DAYS, elapsed / Duration.ofDays(1).toMillis() + 1);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }

  /** The instant a fraction {@code u} of the way from {@code from} to {@code to}, in minutes. */
  private static Instant fraction(Instant from, Instant to, double u) {
    long span = Duration.between(from, to).toMinutes();
    return from.plus(Duration.ofMinutes((long) (u * span)));
  }

  private static int poisson(RandomDataGenerator rng, double mean) {
    return mean <= 0 ? 0 : rng.nextPoisson(mean);
  }

  private static double value(RandomDataGenerator rng, LogNormalDistribution basket) {
    return Math.round(rng.nextDeviate(basket) * 100) / 100.0;
  }

  private static Instant between(Random r, Instant from, Instant to) {
    return fraction(from, to, r.nextDouble());
  }

  private static Event ev(
      int seq, String user, String type, Instant at, Double value, String referredBy) {
    return new Event("ev-" + seq, user, type, at, value, referredBy, null, null);
  }

  private static Event survey(int seq, String user, String survey, Instant at, int score) {
    return new Event("ev-" + seq, user, "survey", at, null, null, survey, score);
  }
}
