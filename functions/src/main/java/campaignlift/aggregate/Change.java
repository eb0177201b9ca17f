package campaignlift.aggregate;

import campaignlift.recording.Enrolment;
import java.math.BigInteger;
import java.time.Instant;

/**
 * One decoded change of the enrolments table (docs/aggregates.md): the item before and after, in
 * its write shard's order. It folds in as {@code contribution(newImage) − contribution(oldImage)}.
 *
 * @param sequence the stream's SequenceNumber (decimal digits; ordered within one partition)
 * @param approximateCreation when DynamoDB wrote the change (second precision in Lambda events)
 * @param oldImage the enrolment before, null for an insert
 * @param newImage the enrolment after, null for a removal
 * @param ttlExpiry a removal by DynamoDB's TTL rather than by a user: it does not leave the results
 * @param oldUnreadable the item before could not be read as an enrolment (then {@code oldImage} is
 *     null): it leaves {@code health.unreadable}, as a full read would stop counting it
 * @param newUnreadable the item after could not be read (then {@code newImage} is null): counted in
 *     {@code health.unreadable}, as a full read would (docs/stored-data.md)
 */
public record Change(
    String campaignId,
    int writeShard,
    String userId,
    BigInteger sequence,
    Instant approximateCreation,
    Enrolment oldImage,
    Enrolment newImage,
    boolean ttlExpiry,
    boolean oldUnreadable,
    boolean newUnreadable)
    implements StreamEntry {

  /** A change whose images were both readable (or absent). */
  public Change(
      String campaignId,
      int writeShard,
      String userId,
      BigInteger sequence,
      Instant approximateCreation,
      Enrolment oldImage,
      Enrolment newImage,
      boolean ttlExpiry) {
    this(
        campaignId,
        writeShard,
        userId,
        sequence,
        approximateCreation,
        oldImage,
        newImage,
        ttlExpiry,
        false,
        false);
  }

  @Override
  public String sequenceNumber() {
    return sequence.toString();
  }

  @Override
  public String partition() {
    return campaignId + "#" + writeShard;
  }
}
