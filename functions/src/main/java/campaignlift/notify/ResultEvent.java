package campaignlift.notify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One event to put on the bus: its detail type, its time (the evaluation's {@code evaluatedAt}) and
 * its detail; the source is always {@link ResultEvents#SOURCE}.
 */
public record ResultEvent(String detailType, Instant time, EventDetail detail) {

  /** The stable id consumers dedupe on ({@code detail.eventId}). */
  public String eventId() {
    return detail.eventId();
  }

  /** The detail as the JSON text PutEvents carries (undefined figures as null). */
  public String detailJson() {
    return detail.json();
  }

  /**
   * The entry's size as EventBridge counts it against its 256 KB limit: 14 bytes for the time plus
   * the UTF-8 bytes of source, detail type and detail (no resources are sent).
   */
  public int size() {
    return 14
        + utf8(ResultEvents.SOURCE)
        + utf8(detailType)
        + detailJson().getBytes(StandardCharsets.UTF_8).length;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
