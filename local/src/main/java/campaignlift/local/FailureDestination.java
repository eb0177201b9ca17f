package campaignlift.local;

/**
 * Where an event source mapping sends the description of a batch it discarded ({@code
 * DestinationConfig.OnFailure}). The twin keeps them ({@link FailedBatches}); a queue server can
 * take them instead.
 */
@FunctionalInterface
public interface FailureDestination {
  void send(FailedBatch batch);
}
