package campaignlift.aggregate;

import campaignlift.evaluation.CampaignCells;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Folds a batch of the enrolments stream into the aggregates exactly once (docs/aggregates.md).
 *
 * <p>The batch is split by enrolment partition (campaign × write shard), whose records the stream
 * keeps in order. Each partition has a checkpoint: records at or below it are already folded and
 * skipped. The rest become one delta ({@code add(new, +1)}, {@code add(old, −1)}; TTL expiries
 * skipped), written as a partial together with the checkpoint's conditional advance in one
 * transaction. So a redelivered batch, a batch bisected differently, or a crash after the write and
 * before the answer all fold nothing twice, and partitions never share an item.
 *
 * <p>The answer names the first record that was not folded (partial batch response): the event
 * source mapping re-delivers from it, and what after it was folded is skipped then.
 */
public final class StreamFolder {
  /** A partial's encoded delta stays under this, well inside DynamoDB's 400 KB per item. */
  public static final int MAX_PART_BYTES = 350_000;

  /** Each write shard triggers a compaction every this many partials it writes. */
  public static final int COMPACT_EVERY = 50;

  /** Attempts per partition when other invocations keep moving its checkpoint. */
  static final int MAX_ATTEMPTS = 10;

  private final AggregateStore store;
  private final Function<String, Optional<CampaignCells.Settings>> settings;
  private final Clock clock;
  private final ExecutorService pool;

  /**
   * @param settings a campaign's contribution settings, empty when the campaign is unknown
   * @param pool folds the batch's partitions in parallel (I/O-bound: one transaction each)
   */
  public StreamFolder(
      AggregateStore store,
      Function<String, Optional<CampaignCells.Settings>> settings,
      Clock clock,
      ExecutorService pool) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.pool = pool;
  }

  /**
   * What one batch did.
   *
   * @param failed the first record not folded (empty when all were), as an item identifier
   * @param folded changes newly folded in
   * @param duplicates changes skipped because a checkpoint covered them already
   * @param ttlExpiries removals by TTL skipped
   * @param unknownCampaigns campaigns that do not exist (their changes skipped)
   * @param errors why records failed (and compactions that did not finish), for the log
   */
  public record Outcome(
      Optional<String> failed,
      int folded,
      int duplicates,
      int ttlExpiries,
      Set<String> unknownCampaigns,
      List<String> errors) {}

  public Outcome fold(List<StreamEntry> batch) {
    // Partition → (batch index, change); an unreadable record stops its partition (the records
    // after it must wait for it), an unreadable one without keys stops everything after it.
    Map<String, List<Integer>> partitions = new LinkedHashMap<>();
    int firstFailure = Integer.MAX_VALUE;
    List<String> errors = new ArrayList<>();
    Set<String> blocked = new TreeSet<>();
    for (int i = 0; i < batch.size(); i++) {
      StreamEntry e = batch.get(i);
      if (e instanceof Unreadable u) {
        firstFailure = Math.min(firstFailure, i);
        errors.add("record " + u.sequenceNumber() + ": " + u.reason());
        if (u.partition() == null) {
          break;
        }
        blocked.add(u.partition());
      } else if (!blocked.contains(e.partition())) {
        partitions.computeIfAbsent(e.partition(), k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, Boolean> unknown = new ConcurrentHashMap<>();
    List<Future<Result>> futures = new ArrayList<>();
    for (List<Integer> indices : partitions.values()) {
      List<Change> changes = new ArrayList<>();
      indices.forEach(i -> changes.add((Change) batch.get(i)));
      futures.add(pool.submit(() -> foldPartition(changes, indices, unknown)));
    }
    int folded = 0;
    int duplicates = 0;
    int ttl = 0;
    for (Future<Result> f : futures) {
      Result r;
      try {
        r = f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while folding", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("folding failed", e.getCause());
      }
      folded += r.folded;
      duplicates += r.duplicates;
      ttl += r.ttl;
      if (r.compactionError != null) {
        errors.add(r.compactionError);
      }
      if (r.failedAt >= 0) {
        firstFailure = Math.min(firstFailure, r.failedAt);
        errors.add(r.error);
      }
    }
    Optional<String> failed =
        firstFailure == Integer.MAX_VALUE
            ? Optional.empty()
            : Optional.of(batch.get(firstFailure).sequenceNumber());
    return new Outcome(
        failed, folded, duplicates, ttl, new TreeSet<>(unknown.keySet()), List.copyOf(errors));
  }

  private static final class Result {
    int folded;
    int duplicates;
    int ttl;
    int failedAt = -1;
    String error;
    String compactionError;
  }

  private Result foldPartition(
      List<Change> changes, List<Integer> indices, Map<String, Boolean> unknown) {
    Result result = new Result();
    Change first = changes.get(0);
    int done = 0; // changes[0, done) are folded or covered
    try {
      Optional<CampaignCells.Settings> s = settings.apply(first.campaignId());
      if (s.isEmpty()) {
        unknown.put(first.campaignId(), true);
        return result;
      }
      Checkpoint ck = store.checkpoint(first.campaignId(), first.writeShard()).orElse(null);
      int attempts = 0;
      while (true) {
        int from = done;
        while (from < changes.size() && covered(ck, changes.get(from).sequence())) {
          from++;
          result.duplicates++;
        }
        done = from;
        if (done == changes.size()) {
          return result;
        }
        // The rest of the partition in one run, halved while its delta is too large for one item.
        int to = changes.size();
        byte[] delta;
        while (true) {
          delta = delta(changes.subList(from, to), s.get());
          if (delta == null || delta.length <= MAX_PART_BYTES || to - from == 1) {
            break;
          }
          to = from + (to - from + 1) / 2;
        }
        Change last = changes.get(to - 1);
        Checkpoint next =
            AggregateStore.after(
                ck, last.sequence(), last.approximateCreation(), clock.instant(), delta != null);
        AggregateStore.Run run = new AggregateStore.Run(changes.get(from).sequence(), delta, next);
        if (store.apply(first.campaignId(), first.writeShard(), ck, run)) {
          for (Change c : changes.subList(from, to)) {
            if (c.ttlExpiry()) {
              result.ttl++;
            } else {
              result.folded++;
            }
          }
          done = to;
          boolean compactNow =
              delta != null && next.parts() % COMPACT_EVERY == 0 && next.parts() > 0;
          ck = next;
          if (compactNow) {
            try {
              store.compact(first.campaignId());
            } catch (RuntimeException e) {
              // The fold is written; an unfinished compaction is finished by the next one.
              result.compactionError = "compaction of " + first.campaignId() + ": " + e;
            }
          }
          attempts = 0;
        } else {
          if (++attempts >= MAX_ATTEMPTS) {
            throw new IllegalStateException(
                "checkpoint of " + first.partition() + " kept moving; giving up for now");
          }
          ck = store.checkpoint(first.campaignId(), first.writeShard()).orElse(null);
        }
      }
    } catch (RuntimeException e) {
      if (done < changes.size()) {
        result.failedAt = indices.get(done);
        result.error = first.partition() + " at " + changes.get(done).sequenceNumber() + ": " + e;
      }
      return result;
    }
  }

  private static boolean covered(Checkpoint ck, BigInteger seq) {
    return ck != null && seq.compareTo(ck.lastSeq()) <= 0;
  }

  /** The encoded delta of a run of changes, or null when it is zero. */
  private static byte[] delta(List<Change> run, CampaignCells.Settings settings) {
    CampaignCells cells = new CampaignCells();
    for (Change c : run) {
      if (c.ttlExpiry()) {
        continue; // the results describe the campaign, not the retention window
      }
      if (c.newImage() != null) {
        cells.add(c.newImage(), settings, +1);
      }
      if (c.oldImage() != null) {
        cells.add(c.oldImage(), settings, -1);
      }
      cells.addUnreadable((c.newUnreadable() ? 1 : 0) - (c.oldUnreadable() ? 1 : 0));
    }
    return cells.isZero() ? null : cells.encode();
  }
}
