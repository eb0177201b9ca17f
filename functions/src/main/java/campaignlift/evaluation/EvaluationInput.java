package campaignlift.evaluation;

import campaignlift.evaluation.result.EvaluationSettings;
import campaignlift.evaluation.result.GroupCount;
import campaignlift.evaluation.result.Health;
import java.util.List;

/**
 * Everything a result is computed from, and what a snapshot holds: with it, {@link
 * ResultAnalysis#result} recomputes every row exactly.
 *
 * @param evaluatedAt ISO-8601 instant with milliseconds, e.g. {@code 2026-03-20T09:00:00.000Z}
 */
public record EvaluationInput(
    String campaignId,
    String name,
    String evaluatedAt,
    EvaluationSettings settings,
    List<GroupCount> groups,
    Health health,
    List<Statistic> statistics) {

  public EvaluationInput {
    groups = List.copyOf(groups);
    statistics = List.copyOf(statistics);
  }

  public GroupCount control() {
    return groups.stream().filter(GroupCount::control).findFirst().orElseThrow();
  }
}
