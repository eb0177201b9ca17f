package campaignlift.recording;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An outcome as kept in a user's event log, from that user's point of view: {@code referral} is
 * true when the user is the referrer of someone else's sign-up (it then counts only towards the
 * user's {@code newUsers}).
 */
public record LoggedEvent(
    String eventId, OutcomeType type, Instant at, BigDecimal value, boolean referral) {

  static LoggedEvent own(Outcome o) {
    return new LoggedEvent(o.eventId(), o.type(), o.at(), o.value(), false);
  }

  static LoggedEvent referralOf(Outcome o) {
    return new LoggedEvent(o.eventId(), OutcomeType.SIGNUP, o.at(), BigDecimal.ZERO, true);
  }
}
