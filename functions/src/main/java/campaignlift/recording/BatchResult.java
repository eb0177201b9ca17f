package campaignlift.recording;

/**
 * The answer to a batch: every record is counted exactly once, as accepted (newly recorded),
 * duplicate (already recorded by an earlier delivery or earlier in the batch) or conflict (an
 * exposure naming a group other than the user's enrolled one; recorded, and the user is excluded
 * from analysis).
 */
public record BatchResult(int accepted, int duplicates, int conflicts) {
  public static final BatchResult EMPTY = new BatchResult(0, 0, 0);

  public BatchResult plus(BatchResult o) {
    return new BatchResult(
        accepted + o.accepted, duplicates + o.duplicates, conflicts + o.conflicts);
  }
}
