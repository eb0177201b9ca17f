package campaignlift.evaluation;

import campaignlift.evaluation.result.Freshness;
import campaignlift.evaluation.result.Reconciliation;
import java.util.Optional;

/**
 * Port: a campaign's stream-fed aggregates (docs/aggregates.md). Implemented by the store; read in
 * O(cells), independent of the number of enrolments.
 */
public interface AggregateSource {
  /** The folded cells of a campaign, or empty while it has none yet (not seeded). */
  Optional<Aggregates> read(String campaignId);

  /**
   * @param reconciliation the last reconciliation, or null when there was none
   */
  record Aggregates(CampaignCells cells, Freshness freshness, Reconciliation reconciliation) {}
}
