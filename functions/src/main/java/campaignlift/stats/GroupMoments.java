package campaignlift.stats;

/** Unadjusted per-unit moments of one group: n, mean and variance (docs/statistics.md §1). */
public record GroupMoments(long n, double mean, double variance) {}
