package campaignlift.evaluation;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Port: the bucket's objects (snapshots and reports). Implemented by the store. */
public interface ObjectStore {
  void put(String key, String contentType, byte[] content);

  Optional<byte[]> get(String key);

  /** A presigned GET URL for {@code key}, valid for {@code validity}. */
  URI presignGet(String key, Duration validity);
}
