package campaignlift.campaign;

import java.time.Instant;

/**
 * A stored campaign item the lenient reader could not turn into a {@link Campaign} (written by an
 * older version, by hand, or before a rule was tightened). It is skipped by listings and scheduled
 * runs and reported by its id; a {@code PUT} replaces it and a {@code DELETE} archives it.
 *
 * <p>The bookkeeping fields hold what could still be read (null otherwise), so a replacement keeps
 * what is known: the shard count (enrolments are spread over it) and the exposures marker.
 *
 * @param reason which attribute or field is wrong, in plain words; never the stored value
 * @param version the stored version when it is a whole number, else null
 */
public record UnreadableCampaign(
    String campaignId,
    String reason,
    Long version,
    Instant createdAt,
    Instant exposuresStartedAt,
    Integer shards,
    Instant archivedAt)
    implements CampaignItem {}
