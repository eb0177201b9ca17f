package campaignlift.store;

import campaignlift.recording.ImportObjects;
import java.io.InputStream;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Import files and their error reports in S3; objects are streamed, never read whole. */
public final class S3Objects implements ImportObjects {
  private final S3Client s3;

  public S3Objects(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public InputStream open(String bucket, String key) {
    try {
      return s3.getObject(r -> r.bucket(bucket).key(key));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new Missing("No object " + key + " in bucket " + bucket + ".");
    }
  }

  @Override
  public boolean exists(String bucket, String key) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  @Override
  public void put(String bucket, String key, Path file) {
    s3.putObject(
        r -> r.bucket(bucket).key(key).contentType("application/x-ndjson"),
        RequestBody.fromFile(file));
  }
}
