package campaignlift.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import campaignlift.campaign.StoredCampaign;
import campaignlift.evaluation.CampaignCells;
import campaignlift.handler.Wiring;
import campaignlift.store.Backend;
import campaignlift.store.DynamoCampaignRepository;
import campaignlift.store.DynamoEnrolmentReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The check of docs/aggregates.md that every delivery scenario ends with: once the twin's stream
 * mappings have folded every change written so far, a campaign's stream-fed aggregates equal the
 * cells of a full read of its enrolments, cell for cell, exact sums and health tallies included.
 */
final class FoldedAggregates {
  private FoldedAggregates() {}

  /** How long the stream may take to fold what a test wrote, on a loaded machine. */
  static final Duration CATCH_UP = Duration.ofSeconds(120);

  /**
   * Waits until the shared twin's stream mappings have folded every change written so far: what a
   * test does before it evaluates, as a user would wait for {@code health.freshness}.
   */
  static void awaitFolded() {
    try {
      await(TestBackends.get().streams());
    } catch (Exception e) {
      throw new IllegalStateException("the shared twin did not start", e);
    }
  }

  /** Waits until {@code streams} have folded every change written so far. */
  static void await(StreamMappings streams) {
    try {
      streams.awaitCaughtUp(CATCH_UP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the stream", e);
    }
  }

  static void assertEqualToFullRead(TestBackends backends, String campaignId) {
    await(backends.streams());
    assertEqualToFullRead(backends.backend(), campaignId);
  }

  /** The comparison alone, on tables whose stream the caller has awaited. */
  static void assertEqualToFullRead(Backend backend, String campaignId) {
    CampaignCells folded =
        Wiring.aggregates(backend, Clock.systemUTC())
            .read(campaignId)
            .orElseThrow(() -> new AssertionError(campaignId + " has no aggregates"))
            .cells();
    CampaignCells full = fullRead(backend, campaignId);
    assertEquals(List.of(), folded.differences(full, 5), campaignId);
    assertEquals(0, folded.differenceCount(full), campaignId);
  }

  /** The cells of every enrolment of the campaign as stored now (the recompute's reader). */
  static CampaignCells fullRead(Backend backend, String campaignId) {
    StoredCampaign c =
        new DynamoCampaignRepository(backend.dynamo(), backend.tables().campaigns())
            .find(campaignId)
            .orElseThrow();
    CampaignCells.Settings settings = CampaignCells.Settings.of(c.campaign());
    DynamoEnrolmentReader reader =
        new DynamoEnrolmentReader(backend.dynamo(), backend.tables().enrolments());
    CampaignCells cells = new CampaignCells();
    for (int shard = 0; shard < c.campaign().shards(); shard++) {
      cells.addUnreadable(reader.readShard(campaignId, shard, e -> cells.add(e, settings, 1)));
    }
    return cells;
  }
}
