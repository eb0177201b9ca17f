package campaignlift.campaign;

import java.time.Instant;
import java.util.List;

/** Campaigns for unit tests: the settings a test names, every other one at its default. */
public final class CampaignFixture {
  private CampaignFixture() {}

  /**
   * @param endAt null for an open-ended campaign
   */
  public static Campaign campaign(
      String id, Instant startAt, Instant endAt, List<Group> groups, List<String> segments) {
    return new Campaign(
        id,
        id,
        startAt,
        endAt,
        Campaign.DEFAULT_WINDOW_DAYS,
        Campaign.DEFAULT_NEW_USER_DAYS,
        Campaign.DEFAULT_RETENTION_DAYS,
        Campaign.DEFAULT_LOYALTY_PURCHASES,
        groups,
        segments,
        Campaign.DEFAULT_ALPHA,
        true,
        true,
        Correction.BH,
        null,
        Campaign.DEFAULT_SHARDS);
  }

  /** A control and a coupon group, half the users each. */
  public static List<Group> controlAndCoupon() {
    return List.of(new Group("control", 0.5, true), new Group("coupon", 0.5, false));
  }
}
