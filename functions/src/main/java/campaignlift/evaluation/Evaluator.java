package campaignlift.evaluation;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Group;
import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import campaignlift.stats.Srm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads a campaign's enrolments from all write shards in parallel and folds them into sufficient
 * statistics (docs/write-path.md: memory does not grow with users). Each shard folds into its own
 * {@link Accumulator}; the partial states are merged at the end.
 */
public final class Evaluator {
  private final EnrolmentReader reader;
  private final ExecutorService pool;

  public Evaluator(EnrolmentReader reader, ExecutorService pool) {
    this.reader = reader;
    this.pool = pool;
  }

  /**
   * Aggregates {@code campaign} as of {@code at}.
   *
   * @param evaluatedAt the result's identity (ISO instant with milliseconds)
   */
  public EvaluationInput evaluate(
      Campaign campaign, boolean maturedOnly, Instant at, String evaluatedAt) {
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
    return input(campaign, maturedOnly, evaluatedAt, total);
  }

  static Accumulator accumulator(Campaign c, boolean maturedOnly, Instant at) {
    return new Accumulator(
        c.segmentAttributes(),
        c.newUserDays(),
        maturedOnly,
        at,
        Accumulator.valuesPerAttribute(c.groups().size() - 1, c.segmentAttributes().size()));
  }

  /** The evaluation's inputs from a filled accumulator. */
  public static EvaluationInput input(
      Campaign campaign, boolean maturedOnly, String evaluatedAt, Accumulator acc) {
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
            acc.segmentValues());
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
