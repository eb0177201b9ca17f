package campaignlift.stats;

/**
 * Normal prior N(mean, variance) on the relative lift (docs/statistics.md §8); improper (flat)
 * unless {@code proper}.
 */
record Prior(double mean, double variance, boolean proper) {
  /** The default improper flat prior: the posterior is N(Δ, SE²). */
  static final Prior FLAT = new Prior(0, 1, false);

  /** Validates a proper prior's variance. */
  Prior {
    Checks.finite(mean, "prior mean");
    if (proper && !(variance > 0 && Double.isFinite(variance))) {
      throw new IllegalArgumentException("prior variance must be positive, got " + variance);
    }
  }
}
