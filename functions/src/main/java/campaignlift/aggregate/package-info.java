/**
 * Stream-fed aggregates (docs/aggregates.md): folds the enrolments table's change stream into each
 * campaign's {@link campaignlift.evaluation.CampaignCells} exactly once, recomputes them from the
 * enrolments in parallel parts, and reconciles the two.
 */
package campaignlift.aggregate;
