package campaignlift.queue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What goes to the dead-letter queue for a rejected message (docs/queue.md, "What an operator
 * sees"): its body unchanged, its own attributes (so a redrive reads it the same way) and three
 * more: {@value #ERROR_CODE} (the rejection's code), {@value #ERROR} (the reason as JSON, {@link
 * Rejection#errorJson}) and {@value #SOURCE_MESSAGE_ID} (the id it had on the ingest queue).
 */
public final class DeadLetter {
  public static final String ERROR_CODE = "errorCode";
  public static final String ERROR = "error";
  public static final String SOURCE_MESSAGE_ID = "sourceMessageId";

  /** SQS takes at most ten attributes per message. */
  static final int MAX_ATTRIBUTES = 10;

  private DeadLetter() {}

  /**
   * The attributes of the dead-lettered copy: the message's own (sorted by name, as many as fit
   * beside ours; a reason from an earlier rejection is replaced) and the reason.
   */
  public static Map<String, IngestMessage.Attribute> attributes(
      IngestMessage m, Rejection rejection) {
    Map<String, IngestMessage.Attribute> out = new LinkedHashMap<>();
    for (Map.Entry<String, IngestMessage.Attribute> a : m.attributes().entrySet()) {
      String name = a.getKey();
      if (out.size() == MAX_ATTRIBUTES - 3) {
        break;
      }
      if (!name.equals(ERROR_CODE) && !name.equals(ERROR) && !name.equals(SOURCE_MESSAGE_ID)) {
        out.put(name, a.getValue());
      }
    }
    out.put(ERROR_CODE, IngestMessage.Attribute.string(rejection.code()));
    out.put(ERROR, IngestMessage.Attribute.string(rejection.errorJson()));
    out.put(SOURCE_MESSAGE_ID, IngestMessage.Attribute.string(m.messageId()));
    return out;
  }
}
