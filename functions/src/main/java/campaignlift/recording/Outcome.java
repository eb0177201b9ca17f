package campaignlift.recording;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One validated outcome event.
 *
 * @param value the purchase or refund amount (0 for other types)
 * @param referredBy for sign-ups, the user who referred the new one; otherwise null
 * @param survey for surveys, the survey answered; otherwise null
 * @param score for surveys, the score given (within {@code survey}'s scale); otherwise null
 */
public record Outcome(
    String eventId,
    String userId,
    OutcomeType type,
    Instant at,
    BigDecimal value,
    String referredBy,
    SurveyKind survey,
    Integer score) {

  /** An outcome that is not a survey answer. */
  public Outcome(
      String eventId,
      String userId,
      OutcomeType type,
      Instant at,
      BigDecimal value,
      String referredBy) {
    this(eventId, userId, type, at, value, referredBy, null, null);
  }
}
