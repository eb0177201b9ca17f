package campaignlift.campaign;

/**
 * Port: starts a campaign's stream-fed aggregates empty while it has no enrolment yet, so that its
 * evaluations read the aggregates from the first exposure on (docs/aggregates.md). Idempotent.
 * Implemented by the store.
 */
public interface AggregatesStart {
  /** Marks the campaign's aggregates as complete with nothing in them (a no-op when they are). */
  void startEmpty(String campaignId);

  /** For a registry without aggregates: campaigns are then always evaluated by a full read. */
  AggregatesStart NONE = campaignId -> {};
}
