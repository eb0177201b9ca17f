package campaignlift.store;

import static campaignlift.store.AttributeValues.n;
import static campaignlift.store.AttributeValues.s;

import campaignlift.evaluation.EvaluationRuns;
import campaignlift.evaluation.RunSummary;
import campaignlift.evaluation.ScheduledEvaluation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Scheduled runs' summaries in the aggregates table, under {@code pk run#<runId>}: the run's item
 * ({@code sk run}: {@code startedAt}, {@code enqueued}, {@code skipped}, {@code unreadable} as a
 * list of {@code {campaignId, error}}) and one item per campaign ({@code sk campaign#<id>}: {@code
 * outcome}, {@code error}, {@code attempt}, {@code at}). Every item carries {@code expiresAt}
 * (epoch seconds, {@link #KEPT} on), for a TTL on the table. Read leniently: a campaign item that
 * cannot be read is listed as failed with the reason.
 */
public record DynamoEvaluationRuns(DynamoDbClient dynamo, String table) implements EvaluationRuns {
  /** How long a run's summary is kept (once the table's TTL is on). */
  public static final Duration KEPT = Duration.ofDays(90);

  static final String RUN = "run";
  static final String CAMPAIGN = "campaign#";

  static String pk(String runId) {
    return "run#" + runId;
  }

  @Override
  public void started(RunSummary.Start start) {
    Map<String, AttributeValue> item = key(start.runId(), RUN);
    item.put("startedAt", s(start.startedAt()));
    item.put("enqueued", n(start.enqueued()));
    item.put("skipped", n(start.skipped()));
    List<AttributeValue> unreadable = new ArrayList<>();
    for (ScheduledEvaluation.Failure f : start.unreadable()) {
      unreadable.add(
          AttributeValue.fromM(Map.of("campaignId", s(f.campaignId()), "error", s(f.error()))));
    }
    item.put("unreadable", AttributeValue.fromL(unreadable));
    item.put("expiresAt", n(expiry(start.startedAt())));
    dynamo.putItem(p -> p.tableName(table).item(item));
  }

  @Override
  public void record(String runId, RunSummary.CampaignOutcome o) {
    Map<String, AttributeValue> item = key(runId, CAMPAIGN + o.campaignId());
    item.put("outcome", s(o.outcome().name()));
    if (o.error() != null) {
      item.put("error", s(o.error()));
    }
    item.put("attempt", n(o.attempt()));
    item.put("at", s(o.at()));
    item.put("expiresAt", n(expiry(o.at())));
    try {
      dynamo.putItem(
          p -> {
            p.tableName(table).item(item);
            if (o.outcome() != RunSummary.Outcome.EVALUATED) {
              // A late failure or skip never hides that the campaign was evaluated in this run.
              p.conditionExpression("attribute_not_exists(outcome) OR outcome <> :evaluated")
                  .expressionAttributeValues(
                      Map.of(":evaluated", s(RunSummary.Outcome.EVALUATED.name())));
            }
          });
    } catch (ConditionalCheckFailedException evaluatedAlready) {
      // Kept as evaluated.
    }
  }

  @Override
  public Optional<RunSummary> read(String runId) {
    RunSummary.Start start = null;
    List<RunSummary.CampaignOutcome> campaigns = new ArrayList<>();
    Map<String, AttributeValue> after = null;
    do {
      Map<String, AttributeValue> from = after;
      QueryResponse page =
          dynamo.query(
              q -> {
                q.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk(runId))))
                    .consistentRead(true);
                if (from != null) {
                  q.exclusiveStartKey(from);
                }
              });
      for (Map<String, AttributeValue> item : page.items()) {
        String sk = item.get("sk").s();
        if (sk.equals(RUN)) {
          start = start(runId, item);
        } else if (sk.startsWith(CAMPAIGN)) {
          campaigns.add(outcome(sk.substring(CAMPAIGN.length()), item));
        }
      }
      after = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (after != null && !after.isEmpty());
    if (start == null) {
      // Workers may write before the scheduler's item lands; without it there is no run yet.
      return Optional.empty();
    }
    return Optional.of(new RunSummary(start, campaigns));
  }

  private static RunSummary.Start start(String runId, Map<String, AttributeValue> item) {
    List<ScheduledEvaluation.Failure> unreadable = new ArrayList<>();
    AttributeValue list = item.get("unreadable");
    if (list != null && list.hasL()) {
      for (AttributeValue f : list.l()) {
        if (f.hasM()) {
          unreadable.add(
              new ScheduledEvaluation.Failure(text(f.m(), "campaignId"), text(f.m(), "error")));
        }
      }
    }
    return new RunSummary.Start(
        runId,
        text(item, "startedAt"),
        number(item, "enqueued"),
        number(item, "skipped"),
        unreadable);
  }

  private static RunSummary.CampaignOutcome outcome(
      String campaignId, Map<String, AttributeValue> item) {
    RunSummary.Outcome outcome;
    String error = text(item, "error");
    try {
      outcome = RunSummary.Outcome.valueOf(text(item, "outcome"));
    } catch (IllegalArgumentException | NullPointerException e) {
      outcome = RunSummary.Outcome.FAILED;
      error = "the stored outcome cannot be read";
    }
    return new RunSummary.CampaignOutcome(
        campaignId, outcome, error, number(item, "attempt"), text(item, "at"));
  }

  private static String text(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  private static int number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    try {
      return v == null || v.n() == null ? 0 : Integer.parseInt(v.n());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long expiry(String at) {
    Instant from;
    try {
      from = Instant.parse(at);
    } catch (RuntimeException e) {
      from = Instant.now();
    }
    return from.plus(KEPT).getEpochSecond();
  }

  private static Map<String, AttributeValue> key(String runId, String sk) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put("pk", s(pk(runId)));
    key.put("sk", s(sk));
    return key;
  }
}
