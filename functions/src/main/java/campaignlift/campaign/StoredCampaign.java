package campaignlift.campaign;

import java.time.Instant;

/**
 * A campaign as kept by the registry: the definition plus bookkeeping.
 *
 * @param version optimistic-concurrency version, incremented by every write of the definition
 * @param exposuresStartedAt when the first exposure was recorded (null before); from then on
 *     groups, weights and windowDays are frozen. A marker set once rather than a counter, so a hot
 *     campaign's item is not written on every enrolment.
 * @param archivedAt when the campaign was archived (null while active): it keeps all its data but
 *     leaves listings and scheduled runs and takes no more exposures
 */
public record StoredCampaign(
    Campaign campaign,
    long version,
    Instant createdAt,
    Instant updatedAt,
    Instant exposuresStartedAt,
    Instant archivedAt)
    implements CampaignItem {

  public boolean exposuresStarted() {
    return exposuresStartedAt != null;
  }

  @Override
  public String campaignId() {
    return campaign.campaignId();
  }
}
