/**
 * Campaigns (docs/api.md, docs/stored-data.md): the validated {@link
 * campaignlift.campaign.Campaign} and its parser, registration through {@link
 * campaignlift.campaign.CampaignRegistry} over the {@link campaignlift.campaign.CampaignRepository}
 * port (implemented by {@code store}), deterministic assignment, and the refusals about one
 * campaign: unknown, unreadable, archived, design frozen, invalid definition.
 *
 * <p>A core package: it must not import {@code campaignlift.http}, {@code campaignlift.handler} or
 * AWS types. Its exceptions say what is wrong; the edge maps them to HTTP.
 */
package campaignlift.campaign;
