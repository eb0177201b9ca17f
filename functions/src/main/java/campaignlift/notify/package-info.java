/**
 * Results as events (docs/result-events.md): after an evaluation is stored, {@link
 * campaignlift.notify.ResultEvents} turns the stored result and the campaign's previous one into
 * the events users route with EventBridge rules ({@code Evaluation Completed}, {@code Sample Ratio
 * Mismatch}, {@code Result Became Significant}), pure and without I/O; {@link
 * campaignlift.notify.ResultNotifier} hands them to the {@link campaignlift.notify.EventPublisher}
 * port, which the {@code store} package implements with EventBridge's PutEvents. A failure to
 * publish is logged and counted, never thrown at the evaluation.
 */
package campaignlift.notify;
