package campaignlift.evaluation;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Group;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.Freshness;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.evaluation.result.Reconciliation;
import campaignlift.stats.Srm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A campaign's sufficient statistics as of an instant: from its stream-fed aggregates when it has
 * them (O(cells), docs/aggregates.md), else by reading its enrolments from all write shards in
 * parallel (docs/write-path.md: memory does not grow with users; each shard folds into its own
 * {@link Accumulator} and the partial states are merged at the end). Both give the same cells.
 */
public final class Evaluator {
  private final EnrolmentReader reader;
  private final ExecutorService pool;
  private final AggregateSource aggregates;

  /** An evaluator that always reads every enrolment. */
  public Evaluator(EnrolmentReader reader, ExecutorService pool) {
    this(reader, pool, null);
  }

  /**
   * @param aggregates the stream-fed aggregates, or null to always read every enrolment
   */
  public Evaluator(EnrolmentReader reader, ExecutorService pool, AggregateSource aggregates) {
    this.reader = reader;
    this.pool = pool;
    this.aggregates = aggregates;
  }

  /**
   * Aggregates {@code campaign} as of {@code at}.
   *
   * @param evaluatedAt the result's identity (ISO instant with milliseconds)
   */
  public EvaluationInput evaluate(
      Campaign campaign, boolean maturedOnly, Instant at, String evaluatedAt) {
    if (aggregates != null) {
      Optional<AggregateSource.Aggregates> folded = aggregates.read(campaign.campaignId());
      // Aggregates folded before the current metrics existed lack their sums: read every
      // enrolment until a recompute replaces them (docs/aggregates.md, upgrading).
      if (folded.isPresent() && !folded.get().cells().incomplete()) {
        AggregateSource.Aggregates a = folded.get();
        return input(
            campaign,
            maturedOnly,
            evaluatedAt,
            Accumulator.of(a.cells(), campaign, maturedOnly, at),
            a.freshness(),
            a.reconciliation());
      }
    }
    return input(
        campaign,
        maturedOnly,
        evaluatedAt,
        readAll(campaign, maturedOnly, at),
        new Freshness(Freshness.ENROLMENTS, null, null, null),
        null);
  }

  /** Reads every enrolment of the campaign, all write shards in parallel (a full recompute). */
  public Accumulator readAll(Campaign campaign, boolean maturedOnly, Instant at) {
    List<Future<Accumulator>> parts = new ArrayList<>();
    for (int shard = 0; shard < campaign.shards(); shard++) {
      int s = shard;
      parts.add(
          pool.submit(
              () -> {
                Accumulator acc = accumulator(campaign, maturedOnly, at);
                acc.addUnreadable(reader.readShard(campaign.campaignId(), s, acc::add));
                return acc;
              }));
    }
    Accumulator total = accumulator(campaign, maturedOnly, at);
    RuntimeException failure = null;
    for (Future<Accumulator> part : parts) {
      try {
        total.merge(part.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException("reading enrolments failed", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        parts.forEach(p -> p.cancel(true));
        throw new IllegalStateException("interrupted while reading enrolments", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return total;
  }

  static Accumulator accumulator(Campaign c, boolean maturedOnly, Instant at) {
    return new Accumulator(
        CampaignCells.Settings.of(c), maturedOnly, at, Accumulator.valuesPerAttribute(c));
  }

  /** The evaluation's inputs from a filled accumulator (a full read, no reconciliation). */
  public static EvaluationInput input(
      Campaign campaign, boolean maturedOnly, String evaluatedAt, Accumulator acc) {
    return input(
        campaign,
        maturedOnly,
        evaluatedAt,
        acc,
        new Freshness(Freshness.ENROLMENTS, null, null, null),
        null);
  }

  /** The evaluation's inputs from a filled accumulator, with where its sums came from. */
  public static EvaluationInput input(
      Campaign campaign,
      boolean maturedOnly,
      String evaluatedAt,
      Accumulator acc,
      Freshness freshness,
      Reconciliation reconciliation) {
    List<GroupCount> groups = new ArrayList<>();
    double[] enrolled = new double[campaign.groups().size()];
    double[] weights = new double[enrolled.length];
    Set<String> declared = new HashSet<>();
    for (int i = 0; i < enrolled.length; i++) {
      Group g = campaign.groups().get(i);
      declared.add(g.name());
      groups.add(
          new GroupCount(
              g.name(), g.control(), g.weight(), acc.enrolled(g.name()), acc.analysed(g.name())));
      enrolled[i] = acc.enrolled(g.name());
      weights[i] = g.weight();
    }
    long unknown = 0;
    for (String g : acc.groupsSeen()) {
      if (!declared.contains(g)) {
        unknown += acc.enrolled(g);
      }
    }
    Health health =
        new Health(
            Health.SrmCheck.of(Srm.pValue(enrolled, weights, Srm.Variant.BACKEND)),
            acc.conflicts(),
            acc.duplicates(),
            acc.immatureExcluded(),
            unknown,
            acc.unreadable(),
            acc.segmentValues(),
            freshness,
            reconciliation);
    List<Statistic> stats =
        acc.statistics().stream().filter(s -> declared.contains(s.group())).toList();
    return new EvaluationInput(
        campaign.campaignId(),
        campaign.name(),
        evaluatedAt,
        EvaluationSettings.of(campaign, maturedOnly),
        groups,
        health,
        stats);
  }
}
