/**
 * The only package that talks to AWS: the DynamoDB and S3 implementations of the ports the core
 * packages declare ({@code RecordingStore}, {@code CampaignRepository}, {@code EnrolmentReader},
 * {@code ResultRepository}, {@code ObjectStore}, {@code ImportObjects}), the clients they share
 * ({@link campaignlift.store.Backend}), and the format of every stored item: {@link
 * campaignlift.store.UserItems}, {@link campaignlift.store.EnrolmentItems}, {@link
 * campaignlift.store.DedupeItems}, campaign items ({@code StoredCampaignReader}) and page tokens
 * ({@code PageTokens}). Stored data is read leniently: an item that cannot be read is skipped and
 * reported by key, never thrown at a caller (docs/write-path.md).
 */
package campaignlift.store;
