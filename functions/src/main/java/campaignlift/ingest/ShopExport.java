package campaignlift.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * A shop's own export format read into our outcome records under its mapping
 * (docs/shop-exports.md): an EC-CUBE order CSV ({@link EcCubeOrders}) or an Amplitude export
 * archive ({@link AmplitudeExport}).
 */
interface ShopExport {
  /** Reads the file to its end into {@code sink}; answers the import's status. */
  String read(InputStream in, ImportSink sink) throws IOException;

  /**
   * The reader of {@code kind} ({@link ImportJob#EC_CUBE} or {@link ImportJob#AMPLITUDE}) under the
   * mapping stored at {@code mappingKey} of {@code bucket}.
   *
   * @throws MappingFile.Invalid when the mapping cannot be used (or, for Amplitude, is missing)
   */
  static ShopExport of(String kind, ImportBucket objects, String bucket, String mappingKey)
      throws IOException, MappingFile.Invalid {
    com.fasterxml.jackson.databind.JsonNode json = MappingFile.read(objects, bucket, mappingKey);
    if (kind.equals(ImportJob.EC_CUBE)) {
      return new EcCubeOrders(EcCubeMapping.of(json));
    }
    if (json == null) {
      throw new MappingFile.Invalid("is missing: it says which event types become which outcomes");
    }
    return new AmplitudeExport(AmplitudeMapping.of(json));
  }
}
