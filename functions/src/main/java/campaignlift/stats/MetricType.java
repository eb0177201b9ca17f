package campaignlift.stats;

/** How a metric's per-user values are modelled. */
public enum MetricType {
  /** Any numeric per-user value: sample variance with n − 1. */
  MEAN,
  /** A 0/1 per-user value: binomial variance p(1 − p) (docs/statistics.md §10.1). */
  PROPORTION
}
