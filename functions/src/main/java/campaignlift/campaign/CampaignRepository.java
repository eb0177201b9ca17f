package campaignlift.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where campaigns are kept. Implemented by the store package; the registry never sees AWS types.
 * Stored items are decoded leniently (docs/stored-data.md): an item that cannot be read comes back
 * as an {@link UnreadableCampaign}, never as an exception, so one bad item cannot break a listing.
 */
public interface CampaignRepository {

  /** The item under {@code campaignId} as the lenient reader found it, or empty when none. */
  Optional<CampaignItem> read(String campaignId);

  /**
   * A campaign that can be used (archived or not), or empty when there is none.
   *
   * @throws UnreadableCampaignException when the stored item cannot be read, saying how to replace
   *     or archive it
   */
  default Optional<StoredCampaign> find(String campaignId) {
    Optional<CampaignItem> item = read(campaignId);
    if (item.isPresent() && item.get() instanceof UnreadableCampaign u) {
      throw new UnreadableCampaignException(u);
    }
    return item.map(StoredCampaign.class::cast);
  }

  /**
   * Writes {@code next} if the stored version is still {@code expectedVersion} (0: must not exist
   * yet), the campaign is not archived and, when {@code requireNoExposures}, no exposure has been
   * recorded. Returns false when any condition failed.
   */
  boolean save(StoredCampaign next, long expectedVersion, boolean requireNoExposures);

  /**
   * Replaces an unreadable item with {@code next} if it is still as {@code old} was read (same raw
   * version) and not archived. Returns false when it changed meanwhile.
   */
  boolean replaceUnreadable(StoredCampaign next, UnreadableCampaign old);

  /**
   * Marks the campaign archived at {@code at} unless it already is (the first time stays). Works on
   * unreadable items too. Returns the item afterwards, or empty when there is no such campaign.
   */
  Optional<CampaignItem> archive(String campaignId, Instant at);

  /**
   * Marks that exposures have started, if the campaign is still at {@code expectedVersion}; this
   * bumps the version, so no design change read before it can be saved after it. Returns false when
   * the campaign changed meanwhile (re-read and re-validate).
   */
  boolean markExposuresStarted(String campaignId, long expectedVersion, Instant at);

  /**
   * When the campaign's final evaluation (after its last window matured) was stored, or empty.
   * Replacing the campaign with {@link #save} clears the marker, so an edited campaign is evaluated
   * once more.
   */
  Optional<Instant> finalEvaluatedAt(String campaignId);

  /** Records the final evaluation of an ended campaign (no-op when the campaign is gone). */
  void markFinalEvaluated(String campaignId, Instant at);

  /**
   * One page of campaigns in the store's order: active ones, or only archived ones when {@code
   * archived}. {@code cursor} is null for the first page and must come from a page of the same
   * listing.
   *
   * @throws IllegalArgumentException when {@code cursor} was not issued by this listing
   */
  Page list(int limit, String cursor, boolean archived);

  /**
   * A page of readable campaigns, the items of the page that could not be read (skipped, in store
   * order) and the opaque cursor of the next page (null on the last page). A page may hold fewer
   * than the limit, even none, while a cursor remains.
   */
  record Page(List<StoredCampaign> items, List<UnreadableCampaign> unreadable, String nextCursor) {
    public Page {
      items = List.copyOf(items);
      unreadable = List.copyOf(unreadable);
    }
  }
}
