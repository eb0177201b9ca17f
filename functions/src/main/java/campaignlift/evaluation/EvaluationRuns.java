package campaignlift.evaluation;

import java.util.Optional;

/**
 * Where the summary of each scheduled run is kept (the aggregates table, {@code pk run#<runId>}):
 * one item for the run, written by the scheduler, and one per campaign, written by the worker that
 * evaluated it, so concurrent workers never write the same item.
 */
public interface EvaluationRuns {
  /** Records the run as the scheduler left it. */
  void started(RunSummary.Start start);

  /**
   * Records one campaign's outcome. A failure never replaces an {@code evaluated} outcome (a
   * redelivered message that fails after one that succeeded).
   */
  void record(String runId, RunSummary.CampaignOutcome outcome);

  /** The run's summary, or empty when there is no such run. */
  Optional<RunSummary> read(String runId);
}
