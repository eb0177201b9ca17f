package campaignlift.stats;

/** Unadjusted per-unit moments of one group: n, mean and variance (STATS §1). */
public record GroupMoments(long n, double mean, double variance) {}
