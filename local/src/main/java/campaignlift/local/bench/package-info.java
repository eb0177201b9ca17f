/**
 * {@code ./lift bench}: ingestion, evaluation and cold-start benchmarks (BENCHMARKS.md). Each runs
 * the real handlers against a raw SDK baseline on the same backend; the baselines build their items
 * with the store's own mappers ({@code campaignlift.store.UserItems}, {@code EnrolmentItems},
 * {@code DedupeItems}), so both sides write the same item shapes.
 */
package campaignlift.local.bench;
