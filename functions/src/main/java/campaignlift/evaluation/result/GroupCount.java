package campaignlift.evaluation.result;

/**
 * One group of an evaluation.
 *
 * @param enrolled every enrolment (conflicted and immature included)
 * @param analysed enrolments that entered the results
 */
public record GroupCount(
    String name, boolean control, double weight, long enrolled, long analysed) {}
