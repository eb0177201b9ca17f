package campaignlift.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * What one scheduled run did so far (docs/operations.md): how many campaigns it enqueued and
 * skipped, the campaigns whose stored item could not be read (failed at once, never enqueued), and
 * each enqueued campaign's latest outcome. A campaign that failed shows its error and the attempt
 * it failed on; SQS retries it until it succeeds or lands in the dead-letter queue. The run is
 * {@link #settled} once every enqueued campaign has an outcome.
 */
public record RunSummary(Start start, List<CampaignOutcome> campaigns) {
  public RunSummary {
    campaigns = List.copyOf(campaigns);
  }

  /**
   * What the scheduler recorded: when, how many enqueued and skipped, and which were unreadable.
   */
  public record Start(
      String runId,
      String startedAt,
      int enqueued,
      int skipped,
      List<ScheduledEvaluation.Failure> unreadable) {
    public Start {
      unreadable = List.copyOf(unreadable);
    }
  }

  /** What happened to one campaign. */
  public enum Outcome {
    /** Evaluated and its result stored. */
    EVALUATED,
    /** Its last attempt failed ({@code error}); SQS retries it up to the queue's limit. */
    FAILED,
    /** No longer to evaluate when the message arrived (deleted, archived, already final). */
    SKIPPED
  }

  /**
   * One campaign's latest outcome: {@code error} says why it failed or was skipped (null when
   * evaluated); {@code attempt} is the message's receive count.
   */
  public record CampaignOutcome(
      String campaignId, Outcome outcome, String error, int attempt, String at) {}

  public String runId() {
    return start.runId();
  }

  public List<CampaignOutcome> with(Outcome outcome) {
    List<CampaignOutcome> out = new ArrayList<>();
    for (CampaignOutcome c : campaigns) {
      if (c.outcome() == outcome) {
        out.add(c);
      }
    }
    return out;
  }

  /** Enqueued campaigns that have no outcome yet. */
  public int pending() {
    return Math.max(0, start.enqueued() - campaigns.size());
  }

  /** Every enqueued campaign has an outcome (a failed one may still be retried). */
  public boolean settled() {
    return pending() == 0;
  }
}
