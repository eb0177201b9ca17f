package campaignlift.campaign;

import java.time.Instant;

/**
 * What the campaigns table holds under one id, as the lenient reader found it: a campaign it could
 * read ({@link StoredCampaign}) or one it could not ({@link UnreadableCampaign}). Both can be
 * archived, so an operator can always retire an item whatever it holds (docs/stored-data.md).
 */
public sealed interface CampaignItem permits StoredCampaign, UnreadableCampaign {
  String campaignId();

  /** When the campaign was archived ({@code DELETE /campaigns/{id}}), or null while active. */
  Instant archivedAt();

  default boolean archived() {
    return archivedAt() != null;
  }
}
