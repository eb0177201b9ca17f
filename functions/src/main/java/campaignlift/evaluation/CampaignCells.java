package campaignlift.evaluation;

import campaignlift.campaign.Campaign;
import campaignlift.recording.Enrolment;
import java.util.List;

/**
 * Exact, additive sufficient statistics of one campaign's enrolments (docs/aggregates.md), keyed by
 * maturity day × group × segment value: per cell and metric n, Σy, Σy², Σx, Σx², Σxy as exact
 * decimals, and per maturity day × group the health tallies (enrolled, conflicted, re-exposures).
 * Adding an enrolment with sign −1 removes exactly what adding it with +1 put in, so a stream of
 * changes folds in as {@code contribution(new) − contribution(old)}; merging is associative and
 * commutative and the encoding is exact, so any order and any batching of the same changes give
 * equal cells. Mutable and not thread-safe.
 */
public final class CampaignCells {
  /**
   * Per segment attribute, values with cells of their own (the smallest ever added); rest pooled.
   */
  public static final int VALUES_KEPT = 100;

  /** What a contribution depends on besides the enrolment itself. */
  public record Settings(List<String> segmentAttributes, int newUserDays) {
    public Settings {
      segmentAttributes = List.copyOf(segmentAttributes);
    }

    public static Settings of(Campaign c) {
      return new Settings(c.segmentAttributes(), c.newUserDays());
    }
  }

  public CampaignCells() {}

  /** Adds {@code sign} (+1 or −1) times the enrolment's contribution. */
  public void add(Enrolment e, Settings settings, int sign) {
    throw new UnsupportedOperationException("being written");
  }

  /** Adds another partial's cells into this one. */
  public void merge(CampaignCells other) {
    throw new UnsupportedOperationException("being written");
  }

  /** True when every component of every cell is zero (e.g. a change that altered no metric). */
  public boolean isZero() {
    throw new UnsupportedOperationException("being written");
  }

  /** Cells held: the size of the state, independent of the number of enrolments. */
  public int cellCount() {
    throw new UnsupportedOperationException("being written");
  }

  /** An exact, compact binary encoding (deflated), for storage in a DynamoDB binary attribute. */
  public byte[] encode() {
    throw new UnsupportedOperationException("being written");
  }

  public static CampaignCells decode(byte[] bytes) {
    throw new UnsupportedOperationException("being written");
  }

  /**
   * Up to {@code limit} descriptions of the cells in which the two differ (zero cells count as
   * absent), empty when they are exactly equal: what reconciliation reports.
   */
  public List<String> differences(CampaignCells other, int limit) {
    throw new UnsupportedOperationException("being written");
  }

  /** The number of differing cells (without the limit of {@link #differences}). */
  public long differenceCount(CampaignCells other) {
    throw new UnsupportedOperationException("being written");
  }
}
