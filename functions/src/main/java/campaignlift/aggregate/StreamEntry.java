package campaignlift.aggregate;

/**
 * One record of an enrolments-stream batch as the folder sees it: a decoded {@link Change}, or an
 * {@link Unreadable} record whose images could not be decoded.
 */
public sealed interface StreamEntry permits Change, Unreadable {
  /** The record's SequenceNumber as delivered: the item identifier of a batch item failure. */
  String sequenceNumber();

  /**
   * The enrolment partition ({@code campaignId#writeShard}) the record belongs to, or null when
   * even its keys could not be read.
   */
  String partition();
}
