package campaignlift.campaign;

import java.time.Instant;

/**
 * A campaign as kept by the registry: the definition plus bookkeeping.
 *
 * @param version optimistic-concurrency version, incremented by every write of the definition
 * @param enrolments users enrolled so far (maintained by the exposure path); design changes are
 *     refused once > 0
 */
public record StoredCampaign(
    Campaign campaign, long version, Instant createdAt, Instant updatedAt, long enrolments) {}
