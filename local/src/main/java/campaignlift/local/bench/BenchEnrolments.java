package campaignlift.local.bench;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Shards;
import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Enrolments as the benchmarks seed them, as the write path's own {@link Enrolment} values (turned
 * into items by {@code campaignlift.store.EnrolmentItems}), so the raw baselines write exactly the
 * items the handlers write.
 */
final class BenchEnrolments {
  private BenchEnrolments() {}

  /**
   * One exposure in {@code group}, in the user's write shard, with the campaign's window.
   *
   * @param channel the one attribute, or null for none
   */
  static Enrolment of(
      Campaign campaign,
      String user,
      String group,
      Instant t0,
      String channel,
      Instant firstKnownAt,
      Counters counters) {
    return new Enrolment(
        campaign.campaignId(),
        user,
        Shards.of(user, campaign.shards()),
        group,
        t0,
        campaign.windowDays(),
        channel == null ? Map.of() : Map.of("channel", channel),
        Set.of(group),
        1,
        firstKnownAt,
        counters);
  }

  /** No sign-ups; every purchase falls before the window's end, pre-window ones before t0. */
  static Counters counters(
      long activity,
      long purchases,
      BigDecimal revenue,
      long preActivity,
      long prePurchases,
      BigDecimal preRevenue) {
    return new Counters(
        0,
        activity,
        purchases,
        revenue,
        0,
        preActivity,
        prePurchases,
        preRevenue,
        prePurchases + purchases,
        prePurchases);
  }
}
