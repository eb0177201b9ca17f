package campaignlift.evaluation;

import java.util.List;
import java.util.Optional;

/** Port: stored evaluation results, one per campaign × evaluatedAt. Implemented by the store. */
public interface ResultRepository {

  /**
   * One stored result.
   *
   * @param result the full result JSON, or null when it was too large for the item and lives only
   *     in the snapshot
   * @param summary the compact summary JSON (headline rows, health) used for history and reports
   */
  record StoredResult(
      String campaignId,
      String evaluatedAt,
      String result,
      String summary,
      String snapshotKey,
      String reportKey) {}

  /**
   * A page of results, newest first; the {@code evaluatedAt} keys of the page's items that could
   * not be read (skipped; docs/stored-data.md); and the opaque cursor of the next page (null at the
   * end).
   */
  record Page(List<StoredResult> items, List<String> unreadable, String nextCursor) {
    public Page {
      items = List.copyOf(items);
      unreadable = List.copyOf(unreadable);
    }
  }

  /** Stores a result unless one exists at the same key; false when it did. */
  boolean save(StoredResult result);

  /** The newest result that can be read (newer unreadable items are passed over). */
  Optional<StoredResult> latest(String campaignId);

  /**
   * Newest first.
   *
   * @throws IllegalArgumentException when {@code cursor} is not one this repository returned for
   *     this campaign's results
   */
  Page page(String campaignId, int limit, String cursor);
}
