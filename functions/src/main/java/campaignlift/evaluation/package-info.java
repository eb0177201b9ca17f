/**
 * Evaluation (docs/metrics.md, docs/results.md, docs/operations.md): streams a campaign's
 * enrolments into per group × segment × metric sufficient statistics ({@link
 * campaignlift.evaluation.Accumulator}, {@link campaignlift.evaluation.CellSums}), turns them into
 * the result document with the {@code stats} engine ({@link
 * campaignlift.evaluation.ResultAnalysis}), keeps the inputs recomputable ({@link
 * campaignlift.evaluation.Snapshot}), runs evaluations on request and on schedule ({@link
 * campaignlift.evaluation.EvaluationService}, {@link campaignlift.evaluation.ScheduledEvaluation}),
 * and stores results, snapshots and reports through the ports defined here ({@link
 * campaignlift.evaluation.EnrolmentReader}, {@link campaignlift.evaluation.ResultRepository},
 * {@link campaignlift.evaluation.ObjectStore}), which the {@code store} package implements. The
 * document itself is in {@code evaluation.result}.
 */
package campaignlift.evaluation;
