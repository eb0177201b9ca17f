package campaignlift.campaign;

import campaignlift.domain.Problem;
import campaignlift.domain.Refusal;
import java.util.List;

/**
 * The campaign's stored item cannot be read (docs/stored-data.md). The answer says how to get out:
 * replace it with PUT or archive it with DELETE, both of which work on such an item.
 */
public final class UnreadableCampaignException extends Refusal {
  private static final long serialVersionUID = 1L;

  private final String campaignId;
  private final String reason;

  public UnreadableCampaignException(UnreadableCampaign item) {
    super(
        "The stored campaign \""
            + item.campaignId()
            + "\" cannot be read ("
            + item.reason()
            + "). Replace it with PUT /campaigns/"
            + item.campaignId()
            + " or archive it with DELETE /campaigns/"
            + item.campaignId()
            + ".",
        List.of(Problem.of("campaignId", "the stored campaign cannot be read: " + item.reason())));
    this.campaignId = item.campaignId();
    this.reason = item.reason();
  }

  public String campaignId() {
    return campaignId;
  }

  /** Which attribute is wrong, in plain words; never the stored value. */
  public String reason() {
    return reason;
  }
}
