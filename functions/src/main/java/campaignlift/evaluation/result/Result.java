package campaignlift.evaluation.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The result document of one evaluation (docs/results.md; {@code Result} in openapi.yaml), as the
 * API returns it and as it is stored: what it was computed with, the groups, health, one {@link
 * MetricRow} per metric × segment × treatment group, and where its snapshot and report are.
 *
 * @param snapshot the snapshot's key and digest; absent until the result is stored
 * @param report the report's keys; absent until the result is stored
 */
public record Result(
    String campaignId,
    String name,
    String evaluatedAt,
    EvaluationSettings settings,
    List<GroupCount> groups,
    Health health,
    List<MetricRow> results,
    @JsonInclude(JsonInclude.Include.NON_NULL) SnapshotRef snapshot,
    @JsonInclude(JsonInclude.Include.NON_NULL) ReportRef report) {

  public Result {
    groups = List.copyOf(groups);
    results = List.copyOf(results);
  }

  /** The snapshot of a result: its S3 key and the SHA-256 of its inputs. */
  public record SnapshotRef(String key, String sha256) {}

  /** The report of a result: its S3 key and the key of the campaign's latest report. */
  public record ReportRef(String key, String latestKey) {}

  /** The same result with where its snapshot and report are stored. */
  public Result stored(SnapshotRef snapshot, ReportRef report) {
    return new Result(
        campaignId, name, evaluatedAt, settings, groups, health, results, snapshot, report);
  }

  /** The name to show: the campaign's name, or its id when the document has no name. */
  public String title() {
    return name == null ? campaignId : name;
  }
}
