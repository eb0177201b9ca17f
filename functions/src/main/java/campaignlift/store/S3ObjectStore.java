package campaignlift.store;

import campaignlift.evaluation.ObjectStore;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Objects in the data bucket; keys are built by the core from validated identifiers only. */
public record S3ObjectStore(S3Client s3, S3Presigner presigner, String bucket)
    implements ObjectStore {
  @Override
  public void put(String key, String contentType, byte[] content) {
    s3.putObject(
        r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
  }

  @Override
  public Optional<byte[]> get(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public URI presignGet(String key, Duration validity) {
    return URI.create(
        presigner
            .presignGetObject(
                p -> p.signatureDuration(validity).getObjectRequest(g -> g.bucket(bucket).key(key)))
            .url()
            .toString());
  }
}
