package campaignlift.recording;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One validated outcome event.
 *
 * @param value the purchase amount (0 for other types)
 * @param referredBy for sign-ups, the user who referred the new one; otherwise null
 */
public record Outcome(
    String eventId,
    String userId,
    OutcomeType type,
    Instant at,
    BigDecimal value,
    String referredBy) {}
