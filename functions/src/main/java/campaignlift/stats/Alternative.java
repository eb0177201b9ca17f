package campaignlift.stats;

/**
 * The alternative hypothesis of a test (docs/statistics.md §3). Evaluations run {@link #TWO_SIDED};
 * the one-sided tests are kept for harm checks and are held to gbstats' published figures.
 */
public enum Alternative {
  /** Treatment differs from control; p = 2(1 − F(|t|)). */
  TWO_SIDED,
  /** Treatment greater than control (gbstats OneSidedTreatmentGreaterTTest); CI [lo, ∞). */
  GREATER,
  /** Treatment less than control (gbstats OneSidedTreatmentLesserTTest); CI (−∞, hi]. */
  LESS
}
