package campaignlift.recording;

import java.util.Locale;

/**
 * The surveys a {@link OutcomeType#SURVEY} outcome answers, each with its score scale
 * (docs/value-domain.md): a Net Promoter Score question asks 0–10, a customer satisfaction question
 * 1–5.
 */
public enum SurveyKind {
  NPS(0, 10),
  CSAT(1, 5);

  private final int minScore;
  private final int maxScore;

  SurveyKind(int minScore, int maxScore) {
    this.minScore = minScore;
    this.maxScore = maxScore;
  }

  public int minScore() {
    return minScore;
  }

  public int maxScore() {
    return maxScore;
  }

  public boolean accepts(int score) {
    return score >= minScore && score <= maxScore;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind for a wire name, or null. */
  public static SurveyKind fromWire(String value) {
    for (SurveyKind k : values()) {
      if (k.wireName().equals(value)) {
        return k;
      }
    }
    return null;
  }
}
