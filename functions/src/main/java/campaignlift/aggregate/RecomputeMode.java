package campaignlift.aggregate;

import java.util.Locale;
import java.util.Optional;

/**
 * What a finished recompute does with the merged cells (docs/aggregates.md): compare them with the
 * stream-fed aggregates, or replace the aggregates' base with them (the upgrade path).
 */
public enum RecomputeMode {
  RECONCILE,
  SEED;

  /** The name clients use ({@code "reconcile"}, {@code "seed"}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RecomputeMode> fromWire(String text) {
    for (RecomputeMode m : values()) {
      if (m.wire().equals(text)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
