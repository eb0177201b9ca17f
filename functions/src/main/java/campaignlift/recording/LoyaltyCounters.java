package campaignlift.recording;

import java.time.Instant;

/** STUB (the doors branch owns this file): per-enrolment state of the loyalty measures. */
public record LoyaltyCounters(
    long cancellations,
    long preCancellations,
    Instant lastActiveAt,
    Instant preLastActiveAt,
    SurveyAnswer nps,
    SurveyAnswer csat,
    SurveyAnswer npsBefore,
    Instant firstPurchaseAt,
    Instant secondPurchaseAt) {
  public static final LoyaltyCounters NONE =
      new LoyaltyCounters(0, 0, null, null, null, null, null, null, null);

  public LoyaltyCounters plus(LoyaltyCounters o) {
    return this;
  }
}
