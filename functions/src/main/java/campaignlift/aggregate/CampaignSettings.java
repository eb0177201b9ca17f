package campaignlift.aggregate;

import campaignlift.campaign.CampaignRepository;
import campaignlift.campaign.StoredCampaign;
import campaignlift.evaluation.CampaignCells;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The contribution settings of each campaign, looked up once per function instance: a campaign
 * receives stream changes only after its first exposure, when its design is frozen. Unknown
 * campaigns are not remembered (they may be created later).
 */
public final class CampaignSettings {
  private final CampaignRepository campaigns;
  private final Map<String, CampaignCells.Settings> cache = new ConcurrentHashMap<>();

  public CampaignSettings(CampaignRepository campaigns) {
    this.campaigns = campaigns;
  }

  /** The settings, or empty when there is no such campaign. */
  public Optional<CampaignCells.Settings> of(String campaignId) {
    CampaignCells.Settings known = cache.get(campaignId);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<CampaignCells.Settings> found =
        campaigns.find(campaignId).map(StoredCampaign::campaign).map(CampaignCells.Settings::of);
    found.ifPresent(s -> cache.put(campaignId, s));
    return found;
  }
}
