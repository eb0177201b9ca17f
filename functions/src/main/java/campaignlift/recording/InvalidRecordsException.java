package campaignlift.recording;

import campaignlift.domain.InvalidInputException;
import campaignlift.domain.Problem;
import java.util.List;

/**
 * A batch of exposures or outcomes refused whole before anything was written: every bad record is
 * listed by its index in the batch and the field at fault. A problem without an index is about the
 * batch itself (its shape or size).
 */
public final class InvalidRecordsException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidRecordsException(String message, List<Problem> problems) {
    super(message, problems);
  }

  /** Bad records of a batch whose shape was right. */
  static InvalidRecordsException records(List<Problem> problems) {
    return new InvalidRecordsException(
        "The batch has invalid records; nothing was written.", problems);
  }
}
