package campaignlift.store;

import campaignlift.ingest.ImportBucket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Import files and their error reports in S3. Objects are streamed, never read whole; a download
 * that breaks off early — an import reads slowly, as fast as DynamoDB takes the records, and a
 * long-lived connection can be closed under it, sometimes with a clean end-of-stream — is resumed
 * with a ranged GET of the same version (by ETag) from the byte where it stopped, so a file is
 * never silently cut short.
 */
public final class S3Objects implements ImportBucket {
  /** Ranged re-reads per object before the import fails (and Lambda retries the event). */
  static final int MAX_RESUMES = 20;

  private final S3Client s3;

  public S3Objects(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public InputStream open(String bucket, String key) {
    ResponseInputStream<GetObjectResponse> first;
    try {
      first = s3.getObject(r -> r.bucket(bucket).key(key));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new Missing("No object " + key + " in bucket " + bucket + ".");
    }
    return new Resuming(bucket, key, first);
  }

  @Override
  public void delete(String bucket, String key) {
    s3.deleteObject(r -> r.bucket(bucket).key(key));
  }

  @Override
  public void put(String bucket, String key, Path file) {
    s3.putObject(
        r -> r.bucket(bucket).key(key).contentType("application/x-ndjson"),
        RequestBody.fromFile(file));
  }

  /** An object's bytes, checked against its Content-Length and resumed when cut short. */
  private final class Resuming extends InputStream {
    private final String bucket;
    private final String key;
    private final Long length;
    private final String eTag;
    private ResponseInputStream<GetObjectResponse> in;
    private long position;
    private int resumes;

    Resuming(String bucket, String key, ResponseInputStream<GetObjectResponse> first) {
      this.bucket = bucket;
      this.key = key;
      this.in = first;
      this.length = first.response().contentLength();
      this.eTag = first.response().eTag();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (true) {
        int n;
        try {
          n = in.read(b, off, len);
        } catch (IOException e) {
          resume(e);
          continue;
        }
        if (n < 0) {
          if (length != null && position < length) {
            resume(null);
            continue;
          }
          return -1;
        }
        position += n;
        return n;
      }
    }

    private void resume(IOException cause) throws IOException {
      if (length == null || position >= length || ++resumes > MAX_RESUMES) {
        throw cause != null
            ? cause
            : new IOException(
                "Object " + key + " ended after " + position + " of " + length + " bytes.");
      }
      in.abort();
      try {
        in =
            s3.getObject(
                r -> {
                  r.bucket(bucket).key(key).range("bytes=" + position + "-");
                  if (eTag != null) {
                    r.ifMatch(eTag);
                  }
                });
      } catch (S3Exception e) {
        IOException failure =
            new IOException("Object " + key + " could not be read on from byte " + position, e);
        if (cause != null) {
          failure.addSuppressed(cause);
        }
        throw failure;
      }
    }

    @Override
    public void close() throws IOException {
      if (length != null && position < length) {
        in.abort(); // do not drain the rest of a large object
      }
      in.close();
    }
  }
}
