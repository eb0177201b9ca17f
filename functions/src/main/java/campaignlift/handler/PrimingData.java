package campaignlift.handler;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Group;
import campaignlift.campaign.Shards;
import campaignlift.campaign.StoredCampaign;
import campaignlift.evaluation.CampaignCells;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import campaignlift.recording.LoyaltyCounters;
import campaignlift.recording.SurveyAnswer;
import campaignlift.recording.UserRecord;
import campaignlift.store.Backend;
import campaignlift.store.PrimingResponses;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the sample events find while a function primes (docs/operations.md, "SnapStart priming"):
 * the sample campaign, and its stream-fed aggregates as a running campaign has them (and a campaign
 * not yet exposed, {@link Priming#draftCampaign}, which the campaigns function's sample changes) —
 * a seeded base and one folded partial of {@link #ENROLMENTS} enrolments in every group, with
 * purchases, revenue, pre-period values, segments, surveys, cancellations and repeat purchases — so
 * an evaluation sample computes every metric's statistics and renders a full report. The results an
 * evaluation sample stores are found by the next one, as the history of a campaign's results grows.
 *
 * <p>Deterministic: the same enrolments every time, from their index alone.
 */
final class PrimingData {
  /** Enrolments of the sample campaign: enough for every group, segment and metric to have data. */
  static final int ENROLMENTS = 240;

  /** The enrolments folded after the base, as one partial not yet compacted. */
  static final int PARTIAL = 24;

  /** When the sample aggregates say they were folded. */
  private static final Instant FOLDED_AT = Instant.parse("2025-03-01T00:00:00Z");

  private static final String RESULTS_KEY = "campaignId";

  private PrimingData() {}

  /** Registers the sample campaign and its data with {@code backend}'s priming answers. */
  static void register(Backend backend, StoredCampaign stored) {
    PrimingResponses answers = backend.priming();
    answers.clear();
    answers.campaign(stored);
    CampaignCells base = new CampaignCells();
    CampaignCells partial = new CampaignCells();
    Campaign campaign = stored.campaign();
    CampaignCells.Settings settings = CampaignCells.Settings.of(campaign);
    for (int i = 0; i < ENROLMENTS; i++) {
      (i < ENROLMENTS - PARTIAL ? base : partial).add(enrolment(campaign, i), settings, 1);
    }
    answers.aggregates(campaign.campaignId(), campaign.shards(), base, partial, FOLDED_AT);
    for (String userId : ENROLLED_USERS) {
      Enrolment e = enrolled(campaign, userId);
      answers.enrolled(
          new UserRecord(
              userId,
              1,
              e.firstKnownAt(),
              Map.of(
                  campaign.campaignId(),
                  new UserRecord.EnrolmentRef(e.shard(), e.t0(), e.windowDays()))),
          e);
    }
    StoredCampaign draft = Priming.draftCampaign();
    answers.draft(draft, draft.createdAt());
    answers.rememberPuts(backend.tables().results(), RESULTS_KEY);
  }

  /**
   * The users the outcome samples name, enrolled before their outcomes (within the window): most
   * outcomes are of users a campaign has enrolled, and they take the write path's longest way — the
   * user item's version checked, the enrolment's counters updated. The exposure samples name other
   * users, new ones, as most exposures do.
   */
  static final List<String> ENROLLED_USERS =
      List.of("lift-priming-user-11", "lift-priming-user-12", "lift-priming-user-14");

  /** When those users were enrolled: their outcomes fall in the days after. */
  private static final Instant ENROLLED_AT = Instant.parse("2025-06-01T09:00:00Z");

  private static Enrolment enrolled(Campaign campaign, String userId) {
    List<Group> groups = campaign.groups();
    String group = groups.get(Math.floorMod(userId.hashCode(), groups.size())).name();
    return new Enrolment(
        campaign.campaignId(),
        userId,
        Shards.of(userId, campaign.shards()),
        group,
        ENROLLED_AT,
        campaign.windowDays(),
        Map.of("channel", "email"),
        Set.of(group),
        1,
        ENROLLED_AT.minus(Duration.ofDays(200)),
        Counters.ZERO);
  }

  /** The sample campaign's enrolment number {@code i}. */
  static Enrolment enrolment(Campaign campaign, int i) {
    List<Group> groups = campaign.groups();
    String group = groups.get(i % groups.size()).name();
    String userId = "lift-priming-user-" + i;
    Instant t0 = campaign.startAt().plus(Duration.ofMinutes(37L * i));
    Instant first = i % 4 == 0 ? t0 : t0.minus(Duration.ofDays(90 + i));
    long purchases = i % 4;
    BigDecimal revenue = BigDecimal.valueOf(1250L * purchases + 99L * (i % 7), 2);
    long prePurchases = (i + 1) % 3;
    Counters counters =
        new Counters(
            i % 4 == 0 ? 1 : 0,
            i % 6,
            purchases,
            revenue,
            0,
            (i + 2) % 5,
            prePurchases,
            BigDecimal.valueOf(1100L * prePurchases, 2),
            purchases + prePurchases,
            prePurchases,
            loyalty(t0, i, purchases));
    return new Enrolment(
        campaign.campaignId(),
        userId,
        Shards.of(userId, campaign.shards()),
        group,
        t0,
        campaign.windowDays(),
        Map.of("channel", i % 3 == 0 ? "email" : "web"),
        Set.of(group),
        1 + i % 3,
        first,
        counters);
  }

  private static LoyaltyCounters loyalty(Instant t0, int i, long purchases) {
    Instant active = i % 6 == 0 ? null : t0.plus(Duration.ofHours(5 + i % 48));
    return new LoyaltyCounters(
        i % 11 == 0 ? 1 : 0,
        i % 13 == 0 ? 1 : 0,
        active,
        t0.minus(Duration.ofDays(3 + i % 5)),
        i % 3 == 1 ? new SurveyAnswer(t0.plus(Duration.ofDays(2)), "nps-" + i, i % 11) : null,
        i % 4 == 2 ? new SurveyAnswer(t0.plus(Duration.ofDays(3)), "csat-" + i, 1 + i % 5) : null,
        i % 5 == 1
            ? new SurveyAnswer(t0.minus(Duration.ofDays(9)), "nps-" + i, (i + 4) % 11)
            : null,
        purchases > 0 ? t0.plus(Duration.ofHours(2 + i % 30)) : null,
        purchases > 1 ? t0.plus(Duration.ofDays(1 + i % 9)) : null);
  }
}
