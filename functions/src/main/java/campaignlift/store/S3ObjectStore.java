package campaignlift.store;

import campaignlift.evaluation.ObjectStore;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Objects in the data bucket; keys are built by the core from validated identifiers only. The S3
 * client and presigner are the backend's, taken on first use: a function that wires evaluation but
 * never stores a result (the scheduled run) builds neither.
 */
public final class S3ObjectStore implements ObjectStore {
  private final Backend backend;
  private final String bucket;

  public S3ObjectStore(Backend backend, String bucket) {
    this.backend = backend;
    this.bucket = bucket;
  }

  @Override
  public void put(String key, String contentType, byte[] content) {
    backend
        .s3()
        .putObject(
            r -> r.bucket(bucket).key(key).contentType(contentType),
            RequestBody.fromBytes(content));
  }

  @Override
  public Optional<byte[]> get(String key) {
    try {
      return Optional.of(
          backend.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public URI presignGet(String key, Duration validity) {
    return URI.create(
        backend
            .presigner()
            .presignGetObject(
                p -> p.signatureDuration(validity).getObjectRequest(g -> g.bucket(bucket).key(key)))
            .url()
            .toString());
  }
}
