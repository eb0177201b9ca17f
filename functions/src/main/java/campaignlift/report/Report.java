package campaignlift.report;

import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Result;
import java.util.List;

/**
 * The HTML report of one evaluation (docs/results.md): where it is stored and how it is rendered.
 * One self-contained page per evaluation (see {@link ReportPage}): inline CSS and inline SVG only,
 * so it opens from S3 or a disk anywhere.
 */
public final class Report {
  public static final String CONTENT_TYPE = "text/html; charset=utf-8";

  private Report() {}

  /** The S3 key of one evaluation's report. */
  public static String key(String campaignId, String evaluatedAt) {
    return "reports/" + campaignId + "/" + evaluatedAt + ".html";
  }

  /** The S3 key of a campaign's latest report. */
  public static String latestKey(String campaignId) {
    return "reports/" + campaignId + "/latest.html";
  }

  /**
   * @param result the result document of docs/results.md
   * @param history the headlines of the stored results, oldest first, the current one last
   */
  /**
   * A p-value as the report writes it (three decimals, or scientific below 0.001), for other views
   * of a result — the demo's table — that must show the same figure.
   */
  public static String formatPValue(double p) {
    return Formats.pValue(p);
  }

  public static String render(Result result, List<Headline> history) {
    return new ReportPage(result, history).render();
  }
}
