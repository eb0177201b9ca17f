/**
 * The result document of an evaluation as records (docs/results.md; {@code Result} in
 * openapi.yaml): {@link campaignlift.evaluation.result.Result} with its {@link
 * campaignlift.evaluation.result.MetricRow rows}, {@link campaignlift.evaluation.result.Health
 * health}, {@link campaignlift.evaluation.result.EvaluationSettings settings} and {@link
 * campaignlift.evaluation.result.GroupCount groups}; the {@link
 * campaignlift.evaluation.result.Summary} kept for history; the seven {@link
 * campaignlift.evaluation.result.Metric metrics} and the {@link
 * campaignlift.evaluation.result.Segment segments} rows are made of; and {@link
 * campaignlift.evaluation.result.ResultJson}, the one mapper that writes and reads them. It depends
 * on neither {@code evaluation} nor {@code report}, so both can use it: evaluation builds and
 * stores these documents, the report renders them.
 */
package campaignlift.evaluation.result;
