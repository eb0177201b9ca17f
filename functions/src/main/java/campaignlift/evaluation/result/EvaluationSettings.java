package campaignlift.evaluation.result;

import campaignlift.campaign.Campaign;
import campaignlift.campaign.Correction;
import campaignlift.stats.Alternative;
import campaignlift.stats.AnalysisSettings;
import campaignlift.stats.SequentialTTest;
import java.util.List;
import java.util.Objects;

/**
 * What an evaluation was computed with: the campaign's analysis settings at evaluation time plus
 * the request's {@code maturedOnly}. Stored in every result and snapshot.
 *
 * @param cost campaign spend, or null
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
    List<String> segmentAttributes) {

  public EvaluationSettings {
    Objects.requireNonNull(correction, "correction: unknown or missing");
    segmentAttributes = List.copyOf(segmentAttributes);
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
        c.segmentAttributes());
  }

  /** The statistics engine's settings (two-sided). */
  public AnalysisSettings analysis() {
    return new AnalysisSettings(alpha, sequential, tuning, cuped, Alternative.TWO_SIDED);
  }
}
