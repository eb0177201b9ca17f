package campaignlift.evaluation.result;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Correction;
import campaignlift.stats.Alternative;
import campaignlift.stats.AnalysisSettings;
import campaignlift.stats.SequentialTTest;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * What an evaluation was computed with: the campaign's analysis settings at evaluation time plus
 * the request's {@code maturedOnly}. Stored in every result and snapshot.
 *
 * @param cost campaign spend, or null
 * @param retentionDays the campaign's {@code retentionDays}; null in results stored before it
 *     existed (their snapshots' digests cover the settings as written then)
 * @param loyaltyPurchases the campaign's {@code loyaltyPurchases}; null likewise
 */
public record EvaluationSettings(
    double alpha,
    boolean sequential,
    boolean cuped,
    Correction correction,
    boolean maturedOnly,
    int windowDays,
    int newUserDays,
    double tuning,
    Double cost,
    List<String> segmentAttributes,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer retentionDays,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer loyaltyPurchases) {

  public EvaluationSettings {
    Objects.requireNonNull(correction, "correction: unknown or missing");
    segmentAttributes = List.copyOf(segmentAttributes);
  }

  /** Settings as results stored before the loyalty measures carry them. */
  public EvaluationSettings(
      double alpha,
      boolean sequential,
      boolean cuped,
      Correction correction,
      boolean maturedOnly,
      int windowDays,
      int newUserDays,
      double tuning,
      Double cost,
      List<String> segmentAttributes) {
    this(
        alpha,
        sequential,
        cuped,
        correction,
        maturedOnly,
        windowDays,
        newUserDays,
        tuning,
        cost,
        segmentAttributes,
        null,
        null);
  }

  public static EvaluationSettings of(Campaign c, boolean maturedOnly) {
    return new EvaluationSettings(
        c.alpha(),
        c.sequential(),
        c.cuped(),
        c.correction(),
        maturedOnly,
        c.windowDays(),
        c.newUserDays(),
        SequentialTTest.DEFAULT_TUNING,
        c.cost(),
        c.segmentAttributes(),
        c.retentionDays(),
        c.loyaltyPurchases());
  }

  /** The statistics engine's settings (two-sided). */
  public AnalysisSettings analysis() {
    return new AnalysisSettings(alpha, sequential, tuning, cuped, Alternative.TWO_SIDED);
  }
}
