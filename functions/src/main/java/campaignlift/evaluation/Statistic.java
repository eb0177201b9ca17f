package campaignlift.evaluation;

import campaignlift.evaluation.result.Metric;
import campaignlift.evaluation.result.Segment;

/** The sufficient statistics of one metric in one group × segment (a snapshot line). */
public record Statistic(String group, Segment segment, Metric metric, CellSums sums) {}
