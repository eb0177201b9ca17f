package campaignlift.evaluation;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.CampaignRepository;
import campaignlift.campaign.StoredCampaign;
import campaignlift.campaign.UnreadableCampaign;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled run (docs/operations.md), fanned out: {@link #run} lists the campaigns, decides
 * each ({@link #decide}) and enqueues one {@link EvaluationRequest} per campaign to evaluate —
 * every running campaign ({@code startAt ≤ now} and no {@code endAt} or {@code now < endAt}) and
 * each ended campaign once more after its last window matures ({@code endAt + windowDays ≤ now},
 * then marked with {@code finalEvaluatedAt}); it skips the rest. Archived campaigns are not listed,
 * so never evaluated. A worker evaluates each request on its own ({@link #evaluate}), so a failing
 * or slow campaign never delays the others; each outcome goes to the run's summary ({@link
 * #summary}). A campaign whose stored item cannot be read fails at once, in the run's summary.
 */
public final class ScheduledEvaluation {
  static final int PAGE = 100;

  /**
   * One campaign that failed, and why: {@code error} (the exception's class and message, or why its
   * stored item cannot be read; never stored content) is what the run reports; {@code cause} is
   * kept for the log, which carries the stack trace.
   */
  public record Failure(String campaignId, String error, Throwable cause) {
    public Failure(String campaignId, String error) {
      this(campaignId, error, null);
    }
  }

  /** What one run's fan-out did: the campaigns enqueued, those unreadable, how many skipped. */
  public record RunOutcome(String runId, List<String> enqueued, List<Failure> failed, int skipped) {
    public RunOutcome {
      enqueued = List.copyOf(enqueued);
      failed = List.copyOf(failed);
    }
  }

  /** One worker attempt: the outcome recorded, and the exception behind a failure (for the log). */
  public record Attempt(RunSummary.CampaignOutcome outcome, Throwable cause) {}

  /** What to do with one campaign at a given time. */
  public enum Decision {
    RUNNING,
    FINAL,
    SKIP
  }

  private final CampaignRepository campaigns;
  private final EvaluationService service;
  private final EvaluationQueue queue;
  private final EvaluationRuns runs;
  private final Clock clock;

  public ScheduledEvaluation(
      CampaignRepository campaigns,
      EvaluationService service,
      EvaluationQueue queue,
      EvaluationRuns runs,
      Clock clock) {
    this.campaigns = campaigns;
    this.service = service;
    this.queue = queue;
    this.runs = runs;
    this.clock = clock;
  }

  /** The decision for one campaign at {@code now} (the marker read only for ended campaigns). */
  public Decision decide(StoredCampaign stored, Instant now) {
    Campaign c = stored.campaign();
    if (now.isBefore(c.startAt())) {
      return Decision.SKIP;
    }
    if (c.endAt() == null || now.isBefore(c.endAt())) {
      return Decision.RUNNING;
    }
    if (now.isBefore(c.endAt().plus(Duration.ofDays(c.windowDays())))) {
      return Decision.SKIP;
    }
    return campaigns.finalEvaluatedAt(c.campaignId()).isPresent() ? Decision.SKIP : Decision.FINAL;
  }

  /**
   * Run {@code runId}'s fan-out: enqueues one request per campaign to evaluate, then records the
   * run's start in its summary. Costs O(campaigns), never O(enrolments).
   */
  public RunOutcome run(String runId) {
    Instant now = clock.instant();
    String at = now.toString();
    List<EvaluationRequest> requests = new ArrayList<>();
    List<Failure> failed = new ArrayList<>();
    int skipped = 0;
    String cursor = null;
    do {
      CampaignRepository.Page page = campaigns.list(PAGE, cursor, false);
      for (UnreadableCampaign u : page.unreadable()) {
        failed.add(
            new Failure(u.campaignId(), "the stored campaign cannot be read: " + u.reason()));
      }
      for (StoredCampaign stored : page.items()) {
        String id = stored.campaign().campaignId();
        try {
          Decision d = decide(stored, now);
          if (d == Decision.SKIP) {
            skipped++;
          } else {
            requests.add(new EvaluationRequest(runId, id, d, at));
          }
        } catch (RuntimeException e) {
          failed.add(new Failure(id, error(e), e));
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    queue.enqueue(requests);
    runs.started(new RunSummary.Start(runId, at, requests.size(), skipped, failed));
    List<String> enqueued = new ArrayList<>();
    requests.forEach(r -> enqueued.add(r.campaignId()));
    return new RunOutcome(runId, enqueued, failed, skipped);
  }

  /**
   * Evaluates one enqueued campaign (the worker's part) and records the outcome in its run's
   * summary. A failure is recorded and returned, never thrown, so the worker reports only that
   * message for a retry; only a failure to record throws.
   *
   * @param attempt the message's receive count
   */
  public Attempt evaluate(EvaluationRequest request, int attempt) {
    String id = request.campaignId();
    RunSummary.CampaignOutcome outcome;
    Throwable cause = null;
    try {
      outcome = evaluateNow(request, attempt);
    } catch (RuntimeException e) {
      cause = e;
      outcome =
          new RunSummary.CampaignOutcome(
              id, RunSummary.Outcome.FAILED, error(e), attempt, clock.instant().toString());
    }
    runs.record(request.runId(), outcome);
    return new Attempt(outcome, cause);
  }

  private RunSummary.CampaignOutcome evaluateNow(EvaluationRequest request, int attempt) {
    String id = request.campaignId();
    Optional<StoredCampaign> found = campaigns.find(id);
    String skip = null;
    if (found.isEmpty()) {
      skip = "the campaign no longer exists";
    } else if (found.get().archivedAt() != null) {
      skip = "the campaign was archived";
    } else if (request.decision() == Decision.FINAL && campaigns.finalEvaluatedAt(id).isPresent()) {
      // A redelivered message: the final evaluation happened already.
      skip = "the final evaluation is done";
    }
    if (skip != null) {
      return new RunSummary.CampaignOutcome(
          id, RunSummary.Outcome.SKIPPED, skip, attempt, clock.instant().toString());
    }
    service.evaluate(found.get(), true);
    if (request.decision() == Decision.FINAL) {
      campaigns.markFinalEvaluated(id, clock.instant());
    }
    return new RunSummary.CampaignOutcome(
        id, RunSummary.Outcome.EVALUATED, null, attempt, clock.instant().toString());
  }

  /** A run's summary so far, or empty when there is no such run. */
  public Optional<RunSummary> summary(String runId) {
    return runs.read(runId);
  }

  /** The exception's class and message: what a run reports (never stored content). */
  static String error(RuntimeException e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    return e.getClass().getSimpleName() + message;
  }
}
