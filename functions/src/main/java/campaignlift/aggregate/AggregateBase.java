package campaignlift.aggregate;

import campaignlift.evaluation.CampaignCells;
import campaignlift.evaluation.result.Reconciliation;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: what a recompute needs of a campaign's stream-fed aggregates (docs/aggregates.md).
 * Implemented by the store over the aggregates table.
 */
public interface AggregateBase {
  /** The cells the aggregates hold now (base and partials folded), or empty when none yet. */
  Optional<CampaignCells> current(String campaignId);

  /**
   * Replaces the campaign's base with {@code base}, discards the partials folded so far and marks
   * the campaign seeded.
   */
  void seed(String campaignId, CampaignCells base, Instant at);

  /**
   * Keeps {@code reconciliation} as the campaign's last one (results report it in their health).
   */
  void saveReconciliation(String campaignId, Reconciliation reconciliation);
}
