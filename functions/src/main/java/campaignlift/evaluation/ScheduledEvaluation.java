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

/**
 * The scheduled run (docs/operations.md): evaluates every running campaign ({@code startAt ≤ now}
 * and no {@code endAt} or {@code now < endAt}) and each ended campaign once more after its last
 * window matures ({@code endAt + windowDays ≤ now}, then marked with {@code finalEvaluatedAt});
 * skips the rest. Archived campaigns are not listed, so never evaluated. A failing campaign, or one
 * whose stored item cannot be read, is reported in {@code failed} and never stops the others.
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

  /** What one run did. */
  public record RunOutcome(List<String> evaluated, List<Failure> failed, int skipped) {
    public RunOutcome {
      evaluated = List.copyOf(evaluated);
      failed = List.copyOf(failed);
    }
  }

  /** What to do with one campaign at a given time. */
  public enum Decision {
    RUNNING,
    FINAL,
    SKIP
  }

  private final CampaignRepository campaigns;
  private final EvaluationService service;
  private final Clock clock;

  public ScheduledEvaluation(CampaignRepository campaigns, EvaluationService service, Clock clock) {
    this.campaigns = campaigns;
    this.service = service;
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

  public RunOutcome run() {
    Instant now = clock.instant();
    List<String> evaluated = new ArrayList<>();
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
            continue;
          }
          service.evaluate(stored, true);
          if (d == Decision.FINAL) {
            campaigns.markFinalEvaluated(id, now);
          }
          evaluated.add(id);
        } catch (RuntimeException e) {
          String message = e.getMessage() == null ? "" : ": " + e.getMessage();
          failed.add(new Failure(id, e.getClass().getSimpleName() + message, e));
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    return new RunOutcome(evaluated, failed, skipped);
  }
}
