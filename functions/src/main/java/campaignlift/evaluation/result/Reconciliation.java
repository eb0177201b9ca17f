package campaignlift.evaluation.result;

import java.util.List;

/**
 * The last comparison of a campaign's stream-fed aggregates with a full recompute from its
 * enrolments (docs/aggregates.md): zero differences means they were exactly equal.
 *
 * @param reconciledAt when the recompute finished (ISO-8601)
 * @param differences cells that differed
 * @param examples up to ten of them, described
 */
public record Reconciliation(String reconciledAt, long differences, List<String> examples) {
  public Reconciliation {
    examples = List.copyOf(examples);
  }
}
