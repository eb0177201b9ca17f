package campaignlift.campaign;

import campaignlift.domain.Problem;
import campaignlift.domain.Refusal;
import java.util.List;

/** A change refused because the campaign is archived: it keeps its data and takes nothing new. */
public final class ArchivedCampaignException extends Refusal {
  private static final long serialVersionUID = 1L;

  /**
   * @param refused what is refused, as the sentence ends: "cannot be changed", "takes no more
   *     exposures"
   */
  public ArchivedCampaignException(CampaignItem campaign, String refused) {
    super(
        "Campaign \""
            + campaign.campaignId()
            + "\" was archived at "
            + campaign.archivedAt()
            + " and "
            + refused
            + ".",
        List.of(Problem.of("campaignId", "is archived")));
  }
}
