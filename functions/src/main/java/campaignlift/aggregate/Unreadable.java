package campaignlift.aggregate;

/**
 * A stream record that could not be decoded (an image in an unknown format, a malformed record). It
 * is reported as a batch item failure, never skipped silently: the event source mapping retries it
 * and finally hands it to the on-failure destination (docs/aggregates.md).
 *
 * @param sequenceNumber as delivered, or empty when the record had none (then the whole batch is
 *     failed)
 * @param partition null when the keys could not be read either
 */
public record Unreadable(String sequenceNumber, String partition, String reason)
    implements StreamEntry {}
