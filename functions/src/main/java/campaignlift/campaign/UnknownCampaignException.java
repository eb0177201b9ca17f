package campaignlift.campaign;

import campaignlift.domain.Refusal;
import java.util.List;

/** No campaign is registered under the id. */
public final class UnknownCampaignException extends Refusal {
  private static final long serialVersionUID = 1L;

  private final String campaignId;

  public UnknownCampaignException(String campaignId) {
    super("No campaign \"" + campaignId + "\".", List.of());
    this.campaignId = campaignId;
  }

  public String campaignId() {
    return campaignId;
  }
}
