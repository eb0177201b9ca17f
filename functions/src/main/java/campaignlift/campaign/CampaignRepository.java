package campaignlift.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where campaigns are kept. Implemented by the store package; the registry never sees AWS types.
 */
public interface CampaignRepository {

  Optional<StoredCampaign> find(String campaignId);

  /**
   * Writes {@code next} if the stored version is still {@code expectedVersion} (0: must not exist
   * yet) and, when {@code requireNoExposures}, no exposure has been recorded. Returns false when
   * either condition failed.
   */
  boolean save(StoredCampaign next, long expectedVersion, boolean requireNoExposures);

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

  /** One page of campaigns in the store's order; {@code cursor} null for the first page. */
  Page list(int limit, String cursor);

  /** A page of campaigns and the opaque cursor of the next one (null on the last page). */
  record Page(List<StoredCampaign> items, String nextCursor) {
    public Page {
      items = List.copyOf(items);
    }
  }
}
