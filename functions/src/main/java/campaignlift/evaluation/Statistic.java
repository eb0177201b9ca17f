package campaignlift.evaluation;

import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Segment;

/**
 * The sufficient statistics of one metric in one group × segment (a snapshot line): {@code sums}
 * for a mean or proportion metric, {@code ratio} for a ratio metric, {@code survival} for time to
 * repeat purchase; the other two are null.
 */
public record Statistic(
    String group,
    Segment segment,
    Metric metric,
    CellSums sums,
    RatioCellSums ratio,
    SurvivalCounts survival) {

  /** A mean or proportion metric's statistics. */
  public Statistic(String group, Segment segment, Metric metric, CellSums sums) {
    this(group, segment, metric, sums, null, null);
  }

  /** A ratio metric's statistics. */
  public static Statistic ratio(String group, Segment segment, Metric m, RatioCellSums ratio) {
    return new Statistic(group, segment, m, null, ratio, null);
  }

  /** The survival metric's statistics. */
  public static Statistic survival(String group, Segment segment, Metric m, SurvivalCounts s) {
    return new Statistic(group, segment, m, null, null, s);
  }

  /** Users in the cell. */
  public long n() {
    if (sums != null) {
      return sums.n();
    }
    if (ratio != null) {
      return ratio.n();
    }
    return survival.followed();
  }
}
