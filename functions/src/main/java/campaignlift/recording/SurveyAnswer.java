package campaignlift.recording;

import java.time.Instant;

/** STUB (the doors branch owns this file): one survey answer; the later one wins. */
public record SurveyAnswer(Instant at, String eventId, int score) {
  /** The later of two answers (either may be null); equal instants: the larger event id. */
  public static SurveyAnswer later(SurveyAnswer a, SurveyAnswer b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    int c = a.at.compareTo(b.at);
    if (c == 0) {
      c = a.eventId.compareTo(b.eventId);
    }
    return c >= 0 ? a : b;
  }
}
