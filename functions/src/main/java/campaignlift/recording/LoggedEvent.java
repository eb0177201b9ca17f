package campaignlift.recording;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An outcome as kept in a user's event log, from that user's point of view: {@code referral} is
 * true when the user is the referrer of someone else's sign-up (it then counts only towards the
 * user's {@code newUsers}).
 *
 * @param survey for survey answers, the survey; null otherwise, and for a stored survey entry that
 *     cannot be read (it then counts towards nothing: docs/stored-data.md)
 * @param score for survey answers, the score; null otherwise
 */
public record LoggedEvent(
    String eventId,
    OutcomeType type,
    Instant at,
    BigDecimal value,
    boolean referral,
    SurveyKind survey,
    Integer score) {

  /** An event that is not a survey answer. */
  public LoggedEvent(
      String eventId, OutcomeType type, Instant at, BigDecimal value, boolean referral) {
    this(eventId, type, at, value, referral, null, null);
  }

  static LoggedEvent own(Outcome o) {
    return new LoggedEvent(o.eventId(), o.type(), o.at(), o.value(), false, o.survey(), o.score());
  }

  static LoggedEvent referralOf(Outcome o) {
    return new LoggedEvent(o.eventId(), OutcomeType.SIGNUP, o.at(), BigDecimal.ZERO, true);
  }
}
