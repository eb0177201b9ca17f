package campaignlift.evaluation;

import campaignlift.campaign.CampaignRepository;
import campaignlift.campaign.Identifiers;
import campaignlift.campaign.StoredCampaign;
import campaignlift.campaign.UnknownCampaignException;
import campaignlift.domain.ConcurrentChangeException;
import campaignlift.domain.ForeignPageTokenException;
import campaignlift.domain.PageSize;
import campaignlift.evaluation.result.Headline;
import campaignlift.evaluation.result.Result;
import campaignlift.evaluation.result.ResultJson;
import campaignlift.evaluation.result.Summary;
import campaignlift.notify.ResultNotifier;
import campaignlift.report.Report;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Evaluate-and-store (docs/results.md): aggregates a campaign, computes the result, writes the
 * immutable snapshot and the HTML report to the bucket and stores the result; reads results back.
 *
 * <p>Write order: snapshot, report ({@code reports/{id}/{evaluatedAt}.html} and {@code
 * latest.html}), then the result item, so a stored result always has its snapshot and report. The
 * item keeps the full result JSON when it is under {@link #MAX_INLINE_RESULT_BYTES} (DynamoDB's
 * item limit is 400 KB), else only the summary, and the full result is read from the snapshot. Once
 * stored, the result's events go to the event bus (docs/result-events.md).
 */
public final class EvaluationService {
  public static final int MAX_INLINE_RESULT_BYTES = 300_000;
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;

  /** How many past results feed the report's lift-over-time chart. */
  static final int HISTORY_POINTS = 100;

  static final Duration REPORT_LINK_VALIDITY = Duration.ofMinutes(15);

  /** evaluatedAt: fixed-width ISO-8601 with milliseconds, so keys sort in time order. */
  public static final DateTimeFormatter EVALUATED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final CampaignRepository campaigns;
  private final Evaluator evaluator;
  private final ResultRepository results;
  private final ObjectStore objects;
  private final Clock clock;
  private final ResultNotifier events;

  public EvaluationService(
      CampaignRepository campaigns,
      Evaluator evaluator,
      ResultRepository results,
      ObjectStore objects,
      Clock clock) {
    this(campaigns, evaluator, results, objects, clock, ResultNotifier.NONE);
  }

  /**
   * @param events sends each stored result's events (docs/result-events.md)
   */
  public EvaluationService(
      CampaignRepository campaigns,
      Evaluator evaluator,
      ResultRepository results,
      ObjectStore objects,
      Clock clock,
      ResultNotifier events) {
    this.campaigns = campaigns;
    this.evaluator = evaluator;
    this.results = results;
    this.objects = objects;
    this.clock = clock;
    this.events = events;
  }

  /** Evaluates campaign {@code campaignId} now (404 when unknown) and stores the result. */
  public ObjectNode evaluate(String campaignId, boolean maturedOnly) {
    return evaluate(find(campaignId), maturedOnly);
  }

  /** Evaluates a campaign now and stores the result, snapshot and report. */
  public ObjectNode evaluate(StoredCampaign stored, boolean maturedOnly) {
    String id = stored.campaign().campaignId();
    Instant now = clock.instant();
    List<Headline> history = history(id);
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    if (!history.isEmpty()) {
      // Keys must be unique and increasing even when a (simulated) clock stands still.
      Instant last = Instant.parse(history.get(history.size() - 1).evaluatedAt());
      if (!at.isAfter(last)) {
        at = last.plusMillis(1);
      }
    }
    String evaluatedAt = EVALUATED_AT.format(at);
    EvaluationInput input = evaluator.evaluate(stored.campaign(), maturedOnly, now, evaluatedAt);
    String snapshotKey = Snapshot.key(id, evaluatedAt);
    String reportKey = Report.key(id, evaluatedAt);
    Result result =
        ResultAnalysis.result(input)
            .stored(
                new Result.SnapshotRef(snapshotKey, Snapshot.digest(input)),
                new Result.ReportRef(reportKey, Report.latestKey(id)));
    objects.put(snapshotKey, "application/json", bytes(Snapshot.write(input, result)));
    Summary summary = Summary.of(result);
    List<Headline> series = new ArrayList<>(history);
    series.add(Headline.of(summary));
    byte[] html = bytes(Report.render(result, series));
    objects.put(reportKey, Report.CONTENT_TYPE, html);
    objects.put(Report.latestKey(id), Report.CONTENT_TYPE, html);
    String full = ResultJson.write(result);
    boolean inline = bytes(full).length <= MAX_INLINE_RESULT_BYTES;
    boolean saved =
        results.save(
            new ResultRepository.StoredResult(
                id,
                evaluatedAt,
                inline ? full : null,
                ResultJson.write(summary),
                snapshotKey,
                reportKey));
    if (!saved) {
      throw new ConcurrentChangeException(
          "Another evaluation of this campaign was stored at the same instant; retry.");
    }
    // After the store, never failing it; the previous result decides "became significant".
    events.stored(result, history.isEmpty() ? null : history.get(history.size() - 1));
    return (ObjectNode) ResultJson.readTree(full);
  }

  /**
   * The headlines of up to {@link #HISTORY_POINTS} most recent results, oldest first: read from
   * their summaries' trees ({@link Headline#read}), not bound to {@link Summary}.
   */
  private List<Headline> history(String campaignId) {
    List<Headline> out = new ArrayList<>();
    String cursor = null;
    do {
      // A page can hold fewer items than asked: DynamoDB stops a Query at 1 MB of items read,
      // full results included, whatever the projection (docs/results.md).
      ResultRepository.Page page = results.page(campaignId, HISTORY_POINTS - out.size(), cursor);
      for (ResultRepository.StoredResult r : page.items()) {
        out.add(Headline.read(ResultJson.readTree(r.summary())));
      }
      cursor = page.nextCursor();
    } while (cursor != null && out.size() < HISTORY_POINTS);
    Collections.reverse(out);
    return out;
  }

  /** The latest stored result (404 when the campaign or its results are unknown). */
  public JsonNode latest(String campaignId) {
    find(campaignId);
    ResultRepository.StoredResult r =
        results
            .latest(campaignId)
            .orElseThrow(() -> new NoResultYetException(campaignId, "results"));
    if (r.result() != null) {
      return ResultJson.tree(ResultJson.read(r.result(), Result.class));
    }
    byte[] snapshot =
        objects
            .get(r.snapshotKey())
            .orElseThrow(() -> new IllegalStateException("snapshot missing: " + r.snapshotKey()));
    return ResultJson.tree(Snapshot.result(new String(snapshot, StandardCharsets.UTF_8)));
  }

  /** A page of result summaries, newest first. */
  public ObjectNode history(String campaignId, String limit, String nextToken) {
    find(campaignId);
    int size = PageSize.parse(limit, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    ResultRepository.Page page;
    try {
      page = results.page(campaignId, size, nextToken);
    } catch (IllegalArgumentException e) {
      throw new ForeignPageTokenException("this campaign's results listing");
    }
    ObjectNode body = ResultJson.MAPPER.createObjectNode();
    var items = body.putArray("items");
    for (ResultRepository.StoredResult r : page.items()) {
      // Listed as stored, so a summary written by an earlier version is shown as it was.
      ObjectNode item = (ObjectNode) ResultJson.readTree(r.summary());
      item.put("snapshotKey", r.snapshotKey());
      item.put("reportKey", r.reportKey());
      items.add(item);
    }
    // Items that could not be read are skipped and named by key (docs/stored-data.md).
    var unreadable = body.putArray("unreadable");
    page.unreadable().forEach(unreadable::add);
    body.put("nextToken", page.nextCursor());
    return body;
  }

  /** A presigned URL of the latest report (404 when there is none). */
  public URI reportUrl(String campaignId) {
    find(campaignId);
    Optional<ResultRepository.StoredResult> latest = results.latest(campaignId);
    if (latest.isEmpty()) {
      throw new NoResultYetException(campaignId, "report");
    }
    return objects.presignGet(Report.latestKey(campaignId), REPORT_LINK_VALIDITY);
  }

  private StoredCampaign find(String campaignId) {
    if (!Identifiers.isValid(campaignId)) {
      throw Identifiers.invalidCampaignId();
    }
    return campaigns.find(campaignId).orElseThrow(() -> new UnknownCampaignException(campaignId));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
