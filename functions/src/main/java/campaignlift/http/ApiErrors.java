package campaignlift.http;

import campaignlift.campaign.ArchivedCampaignException;
import campaignlift.campaign.DesignFrozenException;
import campaignlift.campaign.UnknownCampaignException;
import campaignlift.campaign.UnreadableCampaignException;
import campaignlift.domain.ConcurrentChangeException;
import campaignlift.domain.InvalidInputException;
import campaignlift.domain.Refusal;
import campaignlift.evaluation.NoResultYetException;
import java.util.List;

/**
 * The one place where the cores' refusals become HTTP answers (docs/api.md): the status and the
 * stable error code of each kind, the client's sentence and problems as the core wrote them, in the
 * error body of {@link ApiGateway#error}.
 */
public final class ApiErrors {
  /** Error code of a campaign whose stored item cannot be read (409). */
  public static final String UNREADABLE = "unreadable";

  /** Error code of a change refused because the campaign is archived (409). */
  public static final String ARCHIVED = "archived";

  private ApiErrors() {}

  /** The status and error code of one kind of refusal. */
  record Answer(int status, String code) {}

  /**
   * @throws IllegalStateException for a refusal no rule here names, so that a new kind fails loudly
   *     (as a logged 500) instead of reaching clients with a guessed status
   */
  static Answer answer(Refusal r) {
    if (r instanceof InvalidInputException) {
      return new Answer(400, "invalid_request");
    }
    if (r instanceof UnknownCampaignException || r instanceof NoResultYetException) {
      return new Answer(404, "not_found");
    }
    if (r instanceof UnreadableCampaignException) {
      return new Answer(409, UNREADABLE);
    }
    if (r instanceof ArchivedCampaignException) {
      return new Answer(409, ARCHIVED);
    }
    if (r instanceof DesignFrozenException || r instanceof ConcurrentChangeException) {
      return new Answer(409, "conflict");
    }
    throw new IllegalStateException("No HTTP answer for " + r.getClass().getName(), r);
  }

  /** The error response for a refusal of the core or of the edge itself. */
  public static HttpResponse response(RuntimeException e) {
    if (e instanceof ApiException a) {
      return ApiGateway.error(a.status(), a.code(), a.getMessage(), List.of());
    }
    if (e instanceof Refusal r) {
      Answer a = answer(r);
      return ApiGateway.error(a.status(), a.code(), r.getMessage(), r.problems());
    }
    throw new IllegalArgumentException("Not a refusal: " + e.getClass().getName(), e);
  }
}
