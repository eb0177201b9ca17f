package campaignlift.campaign;

import campaignlift.stats.AnalysisSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A campaign as registered by a campaign tool (docs/api.md). Immutable; {@link CampaignParser} is
 * the only way to build one from client input, so every instance satisfies the validation rules.
 *
 * @param endAt null when open-ended
 * @param cost campaign spend, null when not given
 */
public record Campaign(
    String campaignId,
    String name,
    Instant startAt,
    Instant endAt,
    int windowDays,
    int newUserDays,
    int retentionDays,
    int loyaltyPurchases,
    List<Group> groups,
    List<String> segmentAttributes,
    double alpha,
    boolean sequential,
    boolean cuped,
    Correction correction,
    Double cost,
    int shards) {

  public static final int DEFAULT_WINDOW_DAYS = 14;
  public static final int DEFAULT_NEW_USER_DAYS = 30;

  /**
   * Days at the end of the outcome window in which activity counts a user as retained
   * (docs/metrics.md, {@code retainedRate}); capped at the window.
   */
  public static final int DEFAULT_RETENTION_DAYS = 7;

  /**
   * Purchases in the pre-window that make a user behaviourally loyal (docs/metrics.md, the {@code
   * loyalty} segment).
   */
  public static final int DEFAULT_LOYALTY_PURCHASES = 2;

  /** The most pre-window purchases {@code loyaltyPurchases} may ask for. */
  public static final int MAX_LOYALTY_PURCHASES = 1000;

  /**
   * The segment attribute whose value is derived from a user's behaviour and answers rather than
   * taken from the exposure (docs/metrics.md).
   */
  public static final String LOYALTY_ATTRIBUTE = "loyalty";

  public static final double DEFAULT_ALPHA = AnalysisSettings.DEFAULT_ALPHA;
  public static final int DEFAULT_SHARDS = 16;

  public Campaign {
    groups = List.copyOf(groups);
    segmentAttributes = List.copyOf(segmentAttributes);
  }

  public Optional<Instant> end() {
    return Optional.ofNullable(endAt);
  }

  public Group control() {
    return groups.stream().filter(Group::control).findFirst().orElseThrow();
  }

  public Optional<Group> group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst();
  }

  /**
   * True when the settings that fix how users were assigned and measured are the same; docs/api.md
   * forbids changing them once exposures exist.
   */
  public boolean sameDesignAs(Campaign other) {
    // Segments, the new-user span, the retention span and the loyalty threshold are frozen too: the
    // stream-fed aggregates are summed under
    // them as each change arrives (docs/aggregates.md).
    return groups.equals(other.groups)
        && windowDays == other.windowDays
        && segmentAttributes.equals(other.segmentAttributes)
        && newUserDays == other.newUserDays
        && retentionDays == other.retentionDays
        && loyaltyPurchases == other.loyaltyPurchases;
  }
}
