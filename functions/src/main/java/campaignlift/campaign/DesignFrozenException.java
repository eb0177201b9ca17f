package campaignlift.campaign;

import campaignlift.domain.Problem;
import campaignlift.domain.Refusal;
import java.util.List;

/**
 * A replacement that would change how users were assigned or measured after that was fixed
 * (docs/api.md): the shard count from creation on, groups, weights and windowDays from the first
 * exposure on.
 */
public final class DesignFrozenException extends Refusal {
  private static final long serialVersionUID = 1L;

  private DesignFrozenException(String message, List<Problem> problems) {
    super(message, problems);
  }

  /** Enrolments are spread over the shards the campaign was created with. */
  static DesignFrozenException shards(int stored) {
    return new DesignFrozenException(
        "The number of shards is fixed when a campaign is created.",
        List.of(Problem.of("shards", "is " + stored + " and cannot change")));
  }

  /**
   * Users were assigned and measured under the stored design since {@code old}'s first exposure.
   */
  static DesignFrozenException afterExposures(StoredCampaign old) {
    return new DesignFrozenException(
        "Groups, weights, windowDays, segmentAttributes, newUserDays, retentionDays and"
            + " loyaltyPurchases cannot change once"
            + " exposures exist (since "
            + old.exposuresStartedAt()
            + ").",
        List.of(
            Problem.of("groups", "cannot change after the first exposure"),
            Problem.of("windowDays", "cannot change after the first exposure"),
            Problem.of("segmentAttributes", "cannot change after the first exposure"),
            Problem.of("newUserDays", "cannot change after the first exposure"),
            Problem.of("retentionDays", "cannot change after the first exposure"),
            Problem.of("loyaltyPurchases", "cannot change after the first exposure")));
  }
}
