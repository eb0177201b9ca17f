package campaignlift.ingest;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * The bucket the bulk import reads its files from and writes their error reports to (S3 in AWS,
 * S3Proxy locally). Not the evaluation's {@code ObjectStore}, which keeps snapshots and reports.
 */
public interface ImportBucket {

  /**
   * A stream of the object's bytes; the caller closes it.
   *
   * @throws Missing when there is no such object (deleted after the event, or a stale event)
   */
  InputStream open(String bucket, String key);

  /**
   * Deletes object {@code key}; deleting a key that does not exist succeeds (as S3's DeleteObject
   * does, without needing s3:ListBucket).
   */
  void delete(String bucket, String key);

  /** Stores the contents of {@code file} as object {@code key}, replacing any earlier one. */
  void put(String bucket, String key, Path file);

  /** The object named by the event does not exist. */
  final class Missing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Missing(String message) {
      super(message, null, false, false);
    }
  }
}
