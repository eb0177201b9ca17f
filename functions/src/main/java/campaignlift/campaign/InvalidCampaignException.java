package campaignlift.campaign;

import campaignlift.domain.InvalidInputException;
import campaignlift.domain.Problem;
import java.util.List;

/** A campaign definition that breaks rules of docs/api.md; every problem is listed. */
public final class InvalidCampaignException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidCampaignException(List<Problem> problems) {
    super("The campaign is not valid.", problems);
  }
}
