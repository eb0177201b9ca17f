package campaignlift.aggregate;

import java.math.BigInteger;
import java.time.Instant;

/**
 * How far one write shard of a campaign has been folded: every change with a sequence number up to
 * {@code lastSeq} is in the aggregates, none after it.
 *
 * @param newestChange the approximate creation time of the newest change folded
 * @param foldedAt when that fold was written
 * @param lagMs {@code foldedAt − newestChange} at that fold
 * @param parts partials this shard has written so far (compaction runs every {@link
 *     StreamFolder#COMPACT_EVERY})
 */
public record Checkpoint(
    BigInteger lastSeq, Instant newestChange, Instant foldedAt, long lagMs, long parts) {}
