package campaignlift.evaluation;

/** The sufficient statistics of one metric in one group × segment (a snapshot line). */
public record Statistic(String group, Segment segment, Metric metric, Sums sums) {}
