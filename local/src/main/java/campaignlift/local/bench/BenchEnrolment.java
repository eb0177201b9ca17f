package campaignlift.local.bench;

import campaignlift.recording.Counters;
import campaignlift.recording.Enrolment;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One enrolment as the benchmarks seed it: the values they choose, turned into the write path's own
 * {@link Enrolment} (and from there into its item by {@code campaignlift.store.EnrolmentItems}) so
 * the raw baselines write exactly the items the handlers write.
 */
record BenchEnrolment(
    String campaignId,
    String userId,
    int shard,
    String group,
    Instant t0,
    int windowDays,
    String channel,
    Instant firstKnownAt,
    long signups,
    long activity,
    long purchases,
    BigDecimal revenue,
    long preActivity,
    long prePurchases,
    BigDecimal preRevenue) {

  /** One exposure, no conflict; every purchase falls inside the window. */
  Enrolment enrolment() {
    Counters counters =
        new Counters(
            signups,
            activity,
            purchases,
            revenue,
            0,
            preActivity,
            prePurchases,
            preRevenue,
            prePurchases + purchases,
            prePurchases);
    return new Enrolment(
        campaignId,
        userId,
        shard,
        group,
        t0,
        windowDays,
        channel == null ? Map.of() : Map.of("channel", channel),
        Set.of(group),
        1,
        firstKnownAt,
        counters);
  }
}
