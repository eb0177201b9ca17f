package campaignlift.campaign;

import java.util.List;
import java.util.Optional;

/**
 * Where campaigns are kept. Implemented by the store package; the registry never sees AWS types.
 */
public interface CampaignRepository {

  Optional<StoredCampaign> find(String campaignId);

  /**
   * Writes {@code next} if the stored version is still {@code expectedVersion} (0: must not exist
   * yet) and, when {@code requireNoEnrolments}, no user has been enrolled. Returns false when
   * either condition failed.
   */
  boolean save(StoredCampaign next, long expectedVersion, boolean requireNoEnrolments);

  /** One page of campaigns in the store's order; {@code cursor} null for the first page. */
  Page list(int limit, String cursor);

  /** A page of campaigns and the opaque cursor of the next one (null on the last page). */
  record Page(List<StoredCampaign> items, String nextCursor) {
    public Page {
      items = List.copyOf(items);
    }
  }
}
