package campaignlift.evaluation.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a result's sums came from and how fresh they are (docs/aggregates.md).
 *
 * @param source {@code "stream"} (the aggregates folded from the enrolments' stream) or {@code
 *     "enrolments"} (a full read of every enrolment)
 * @param newestChange the newest enrolment change folded in (ISO-8601), null when none
 * @param foldedAt when the aggregates were last written (ISO-8601), null for a full read
 * @param lagMs at that write, how far the folding ran behind the change it folded (the stream's
 *     iterator age), null for a full read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Freshness(String source, String newestChange, String foldedAt, Long lagMs) {
  public static final String STREAM = "stream";
  public static final String ENROLMENTS = "enrolments";
}
