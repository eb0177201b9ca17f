package campaignlift.evaluation;

import campaignlift.evaluation.result.MetricRow;

/**
 * Time to repeat purchase of one treatment group against the control in one segment, as the result
 * row shows it (docs/metrics.md).
 *
 * @param logRankPValue the decision p-value
 * @param difference the restricted mean difference (treatment − control, days)
 * @param chanceLower P(the treatment repeats sooner on average) under a flat prior
 * @param reason why a figure could not be estimated, or null
 */
record SurvivalComparison(
    double logRankPValue,
    MetricRow.Test difference,
    MetricRow.Moments controlMoments,
    MetricRow.Moments treatmentMoments,
    double chanceLower,
    String reason,
    MetricRow.Survival row) {}
