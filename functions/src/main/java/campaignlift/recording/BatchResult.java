package campaignlift.recording;

/**
 * The answer to a batch: every record is counted exactly once, as accepted (newly recorded),
 * duplicate (already recorded by an earlier delivery or earlier in the batch), conflict (an
 * exposure naming a group other than the user's enrolled one; recorded, and the user is excluded
 * from analysis) or refused (an exposure that would enrol a user in more than {@link
 * UserRecord#MAX_ENROLMENTS} campaigns; not recorded).
 */
public record BatchResult(int accepted, int duplicates, int conflicts, int refused) {
  public static final BatchResult EMPTY = new BatchResult(0, 0, 0, 0);

  public BatchResult plus(BatchResult o) {
    return new BatchResult(
        accepted + o.accepted,
        duplicates + o.duplicates,
        conflicts + o.conflicts,
        refused + o.refused);
  }

  static BatchResult duplicates(int n) {
    return new BatchResult(0, n, 0, 0);
  }
}
