package campaignlift.evaluation;

import campaignlift.domain.Refusal;
import java.util.List;

/** The campaign exists but has not been evaluated yet: no result, no report. */
public final class NoResultYetException extends Refusal {
  private static final long serialVersionUID = 1L;

  /**
   * @param what what is missing, as the sentence ends: "results", "report"
   */
  public NoResultYetException(String campaignId, String what) {
    super("Campaign \"" + campaignId + "\" has no " + what + " yet.", List.of());
  }
}
