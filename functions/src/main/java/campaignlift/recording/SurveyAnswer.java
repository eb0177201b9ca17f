package campaignlift.recording;

import java.time.Instant;
import java.util.Comparator;

/**
 * One survey answer kept in a {@link LoyaltyCounters} register. Of two answers the later {@code at}
 * wins; at equal {@code at} the larger {@code eventId} (then the larger score, so the choice is
 * total even for a malformed duplicate), which makes "the last answer" independent of arrival
 * order.
 */
public record SurveyAnswer(Instant at, String eventId, int score) {
  private static final Comparator<SurveyAnswer> ORDER =
      Comparator.comparing(SurveyAnswer::at)
          .thenComparing(SurveyAnswer::eventId)
          .thenComparingInt(SurveyAnswer::score);

  /** The later of two answers, either of which may be null. */
  public static SurveyAnswer later(SurveyAnswer a, SurveyAnswer b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return ORDER.compare(a, b) >= 0 ? a : b;
  }
}
