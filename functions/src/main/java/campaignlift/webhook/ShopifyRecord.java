package campaignlift.webhook;

import campaignlift.domain.Problem;
import campaignlift.domain.RecordFields;
import campaignlift.json.Json;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An outcome's fields as translated from a Shopify payload, read through the one set of record
 * rules ({@code recording.RecordRules}). Each field remembers where in Shopify's payload it came
 * from, so a problem names the Shopify field a merchant can find in the webhook log ({@code
 * processed_at}, {@code total_price_set.shop_money.amount}) beside ours.
 */
public final class ShopifyRecord implements RecordFields {
  /** One field: its text (null when Shopify sent none) and where it came from. */
  public record Field(String text, String source) {}

  private final Map<String, Field> fields = new LinkedHashMap<>();
  private final List<Problem> sink;

  ShopifyRecord(Map<String, Field> fields, List<Problem> sink) {
    this.fields.putAll(fields);
    this.sink = sink;
  }

  /** The fields, ours by name (for tests and the answer's body). */
  public Map<String, Field> fields() {
    return Map.copyOf(fields);
  }

  /** Nothing to do: only our own field names are ever set. */
  @Override
  public void rejectUnknown(Set<String> allowed) {}

  @Override
  public boolean has(String field) {
    Field f = fields.get(field);
    return f != null && f.text() != null;
  }

  @Override
  public String string(String field, boolean required) {
    Field f = fields.get(field);
    String text = f == null ? null : f.text();
    if (text == null && required) {
      problem(field, "is required");
    }
    return text;
  }

  /** Shopify writes money as decimal text ({@code "403.00"}): read as the API reads a number. */
  @Override
  public BigDecimal amount(String field) {
    return Json.amountOfText(fields.get(field).text(), p -> problem(field, p));
  }

  /** No Shopify topic maps to an integer field (survey scores). */
  @Override
  public Integer integer(String field, int min, int max) {
    problem(field, "is not set from Shopify payloads");
    return null;
  }

  @Override
  public Map<String, String> stringMap(String field) {
    return Map.of();
  }

  /** The problem names our field and, in brackets, the Shopify field it came from. */
  @Override
  public void problem(String field, String text) {
    Field f = fields.get(field);
    String where = f == null || f.source() == null ? field : field + " (" + f.source() + ")";
    sink.add(Problem.of(where, text));
  }

  @Override
  public int problemCount() {
    return sink.size();
  }
}
