package campaignlift.stats;

/** Difference type of an effect (gbstats {@code difference_type}). */
enum Scale {
  /** Δ = m_T − m_C. */
  ABSOLUTE,
  /** Δ_r = (m_T − m_C)/|μ_C|, μ_C the unadjusted control mean (docs/statistics.md §2, §10.3). */
  RELATIVE
}
