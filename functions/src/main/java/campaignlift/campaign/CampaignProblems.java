package campaignlift.campaign;

import campaignlift.http.ApiException;
import campaignlift.http.Problem;
import java.util.List;

/**
 * The client-facing answers about a campaign's stored state, worded once for every route that meets
 * them (campaigns, exposures, evaluations).
 */
public final class CampaignProblems {
  /** Error code of a campaign whose stored item cannot be read (409). */
  public static final String UNREADABLE = "unreadable";

  /** Error code of a change refused because the campaign is archived (409). */
  public static final String ARCHIVED = "archived";

  private CampaignProblems() {}

  public static ApiException unreadable(UnreadableCampaign u) {
    String id = u.campaignId();
    return new ApiException(
        409,
        UNREADABLE,
        "The stored campaign \""
            + id
            + "\" cannot be read ("
            + u.reason()
            + "). Replace it with PUT /campaigns/"
            + id
            + " or archive it with DELETE /campaigns/"
            + id
            + ".",
        List.of(Problem.of("campaignId", "the stored campaign cannot be read: " + u.reason())));
  }

  /** A change ({@code what}: "changed", "takes no more exposures") refused on an archived one. */
  public static ApiException archived(CampaignItem c, String what) {
    return new ApiException(
        409,
        ARCHIVED,
        "Campaign \""
            + c.campaignId()
            + "\" was archived at "
            + c.archivedAt()
            + " and "
            + what
            + ".",
        List.of(Problem.of("campaignId", "is archived")));
  }
}
