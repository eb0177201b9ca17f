package campaignlift.aggregate;

/**
 * One message of a recompute's fan-out: read write shard {@code shard} of the campaign and store
 * its part. Delivered at least once; running it twice counts the shard once (docs/aggregates.md).
 */
public record RecomputeTask(String campaignId, String recomputeId, int shard) {}
