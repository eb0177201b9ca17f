/**
 * Evaluation (docs/metrics.md, docs/results.md, docs/operations.md): streams a campaign's
 * enrolments into per group × segment × metric sufficient statistics, turns them into result rows
 * with the {@code stats} engine, and stores results, snapshots and reports through the ports
 * defined here ({@link campaignlift.evaluation.EnrolmentReader}, {@link
 * campaignlift.evaluation.ResultRepository}, {@link campaignlift.evaluation.ObjectStore}), which
 * the {@code store} package implements.
 */
package campaignlift.evaluation;
