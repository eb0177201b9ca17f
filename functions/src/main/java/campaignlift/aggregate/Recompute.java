package campaignlift.aggregate;

import campaignlift.campaign.CampaignRepository;
import campaignlift.campaign.Identifiers;
import campaignlift.campaign.StoredCampaign;
import campaignlift.campaign.UnknownCampaignException;
import campaignlift.evaluation.CampaignCells;
import campaignlift.evaluation.EnrolmentReader;
import campaignlift.evaluation.result.Reconciliation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * A full recompute of one campaign's cells from its enrolments, fanned out one task per write shard
 * (docs/aggregates.md). {@link #start} stores the progress and enqueues the tasks; {@link #run}
 * (the worker, once per message) reads one shard page by page into cells, stores them as the
 * shard's part and counts the shard in the done set; the task that completes the set merges every
 * part and finishes: a reconcile compares the merged cells with the aggregates and saves the {@link
 * Reconciliation}, a seed writes them as the aggregates' base. No task reads more than one shard,
 * and a task near its deadline stores what it read as one segment of the shard and sends the next
 * segment, resuming from the last key read: no function loops past its limit.
 */
public final class Recompute {
  /** Examples of differing cells kept in a reconciliation. */
  public static final int EXAMPLES = 10;

  private static final Pattern RECOMPUTE_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

  private final CampaignRepository campaigns;
  private final EnrolmentReader enrolments;
  private final RecomputeParts parts;
  private final AggregateBase aggregates;
  private final RecomputeQueue queue;
  private final Clock clock;

  public Recompute(
      CampaignRepository campaigns,
      EnrolmentReader enrolments,
      RecomputeParts parts,
      AggregateBase aggregates,
      RecomputeQueue queue,
      Clock clock) {
    this.campaigns = campaigns;
    this.enrolments = enrolments;
    this.parts = parts;
    this.aggregates = aggregates;
    this.queue = queue;
    this.clock = clock;
  }

  /** What {@link #start} answers: the new recompute's id and how many tasks it fanned out. */
  public record Started(String recomputeId, int shards, RecomputeMode mode) {}

  /**
   * Begins a recompute of the campaign and enqueues one task per write shard.
   *
   * @throws UnknownCampaignException when there is no such campaign
   */
  public Started start(String campaignId, RecomputeMode mode) {
    StoredCampaign campaign = find(campaignId);
    int shards = campaign.campaign().shards();
    Instant now = clock.instant();
    // Time first, so a campaign's recomputes list in the order they were started.
    String id =
        Long.toString(now.toEpochMilli(), 36) + "-" + UUID.randomUUID().toString().substring(0, 8);
    parts.begin(campaignId, id, mode, shards, now.toString());
    List<RecomputeTask> tasks = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      tasks.add(RecomputeTask.first(campaignId, id, shard));
    }
    queue.send(tasks);
    return new Started(id, shards, mode);
  }

  /**
   * A recompute's progress, or empty when the campaign has no recompute under that id.
   *
   * @throws UnknownCampaignException when there is no such campaign
   */
  public Optional<RecomputeStatus> status(String campaignId, String recomputeId) {
    find(campaignId);
    if (!isRecomputeId(recomputeId)) {
      return Optional.empty();
    }
    return parts.status(campaignId, recomputeId);
  }

  /** True when {@code id} has the shape of the ids {@link #start} issues. */
  public static boolean isRecomputeId(String id) {
    return id != null && RECOMPUTE_ID.matcher(id).matches();
  }

  /** What one delivery of a task did. */
  public enum Outcome {
    /** The shard's part was stored and counted; other shards are still to come. */
    COUNTED,
    /** The read stopped before the shard's end (deadline); the next segment was sent. */
    CONTINUED,
    /** The shard's part was counted and it was the last one: the recompute finished. */
    FINISHED,
    /** The shard (or this segment) had been counted by an earlier delivery: nothing read again. */
    ALREADY_COUNTED,
    /** No such recompute (or campaign) any more: nothing to do. */
    GONE
  }

  /** Runs one task with no deadline: reads its shard to the end. */
  public Outcome run(RecomputeTask task) {
    return run(task, () -> true);
  }

  /**
   * Runs one task: read the shard (from the task's start), store its part, count it, and finish if
   * it was the last. {@code more} is asked after each page whether there is time for another; when
   * it says no before the shard's end, this segment's part is stored and the next segment is sent
   * to the queue, to go on from the last key read.
   */
  public Outcome run(RecomputeTask task, BooleanSupplier more) {
    Optional<RecomputeStatus> before = parts.status(task.campaignId(), task.recomputeId());
    if (before.isEmpty()) {
      return Outcome.GONE;
    }
    RecomputeStatus progress = before.get();
    if (progress.doneShards().contains(task.shard())) {
      // A redelivery: the shard counted once already. If the delivery that completed the set
      // failed before finishing, this one finishes in its place (finishing is idempotent).
      return finishIfDue(progress) ? Outcome.FINISHED : Outcome.ALREADY_COUNTED;
    }
    String recorded =
        progress.continued().get(RecomputeStatus.segmentKey(task.shard(), task.segment()));
    if (recorded != null) {
      // This segment counted, but the delivery that counted it may have failed before sending the
      // next one: send it again (a duplicate of the next segment counts once in turn).
      queue.send(List.of(task.next(recorded)));
      return Outcome.ALREADY_COUNTED;
    }
    Optional<StoredCampaign> campaign = campaigns.find(task.campaignId());
    if (campaign.isEmpty()) {
      return Outcome.GONE;
    }
    CampaignCells.Settings settings = CampaignCells.Settings.of(campaign.get().campaign());
    CampaignCells cells = new CampaignCells();
    EnrolmentReader.ShardRead read =
        enrolments.readShard(
            task.campaignId(),
            task.shard(),
            task.startAfter(),
            more,
            e -> cells.add(e, settings, +1));
    // Each delivery writes its part under its own attempt and the progress records which attempt
    // counted, so a concurrent duplicate never overwrites the part that is merged.
    String attempt = task.segment() + "-" + UUID.randomUUID().toString().substring(0, 8);
    parts.savePart(task.campaignId(), task.recomputeId(), task.shard(), attempt, cells.encode());
    if (read.resumeAfter() != null) {
      String resume =
          parts.markContinued(
              task.campaignId(),
              task.recomputeId(),
              task.shard(),
              task.segment(),
              attempt,
              read.skipped(),
              read.resumeAfter());
      queue.send(List.of(task.next(resume)));
      return Outcome.CONTINUED;
    }
    Optional<RecomputeStatus> after =
        parts.markDone(
            task.campaignId(),
            task.recomputeId(),
            task.shard(),
            task.segment(),
            attempt,
            read.skipped());
    if (after.isEmpty()) {
      return Outcome.ALREADY_COUNTED;
    }
    return finishIfDue(after.get()) ? Outcome.FINISHED : Outcome.COUNTED;
  }

  private boolean finishIfDue(RecomputeStatus status) {
    if (!status.allDone() || status.finished()) {
      return false;
    }
    CampaignCells merged = merge(status);
    Instant now = clock.instant();
    Reconciliation reconciliation = null;
    switch (status.mode()) {
      case RECONCILE -> {
        CampaignCells current =
            aggregates.current(status.campaignId()).orElseGet(CampaignCells::new);
        reconciliation =
            new Reconciliation(
                now.toString(),
                merged.differenceCount(current),
                merged.differences(current, EXAMPLES));
        aggregates.saveReconciliation(status.campaignId(), reconciliation);
      }
      case SEED -> aggregates.seed(status.campaignId(), merged, now);
    }
    parts.finish(status.campaignId(), status.recomputeId(), now.toString(), reconciliation);
    return true;
  }

  /** Every counted shard's part, merged (merging is order-free and exact). */
  CampaignCells merge(RecomputeStatus status) {
    CampaignCells merged = new CampaignCells();
    for (int shard = 0; shard < status.shards(); shard++) {
      List<String> attempts = status.partAttempts().get(shard);
      if (attempts == null || attempts.isEmpty()) {
        throw new IllegalStateException(
            "Recompute " + status.recomputeId() + " counted shard " + shard + " without its part");
      }
      for (String attempt : attempts) {
        merged.merge(
            CampaignCells.decode(
                parts.part(status.campaignId(), status.recomputeId(), shard, attempt)));
      }
    }
    return merged;
  }

  private StoredCampaign find(String campaignId) {
    if (!Identifiers.isValid(campaignId)) {
      throw Identifiers.invalidCampaignId();
    }
    return campaigns.find(campaignId).orElseThrow(() -> new UnknownCampaignException(campaignId));
  }
}
