package campaignlift.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The fields of one client record, whatever the format it came in (a JSON object of an API batch or
 * of a JSON Lines import, a CSV row under its header), read under the rules of
 * docs/value-domain.md. Every problem is collected, never thrown, so a client sees all that is
 * wrong with a record at once; a read that fails adds a problem naming the field and answers null.
 * The rules for exposures and outcomes ({@code recording.RecordRules}) are written once against
 * this view.
 */
public interface RecordFields {
  /**
   * Every field not in {@code allowed} is a problem: a misspelt optional field must not be silently
   * ignored.
   */
  void rejectUnknown(Set<String> allowed);

  /** Whether the field is present and not null. */
  boolean has(String field);

  /** The text of a field, or null (with a problem when it is required or not text). */
  String string(String field, boolean required);

  /** An instant within the value domain's range (docs/value-domain.md), or null. */
  default Instant instant(String field, boolean required) {
    String text = string(field, required);
    if (text == null) {
      return null;
    }
    Instant at = ValueDomain.instant(text);
    if (at == null) {
      problem(field, ValueDomain.instantRule());
    }
    return at;
  }

  /**
   * A purchase amount in the value domain, in its shortest exact form; null (with a problem) when
   * it is not one. The caller has checked that the field is present.
   */
  BigDecimal amount(String field);

  /**
   * An integer from {@code min} to {@code max} written as a number (docs/value-domain.md: {@code 7}
   * and {@code 7.0}, not {@code 7.5} nor the text {@code "7"}); null (with the problem "must be an
   * integer between MIN and MAX") when it is not one. The caller has checked that the field is
   * present.
   */
  Integer integer(String field, int min, int max);

  /**
   * The entries of a name-to-text field in the order written, a value null when it is not text;
   * empty when the field is absent and null when it is not a set of names and values (the caller
   * words that problem).
   */
  Map<String, String> stringMap(String field);

  /** Adds a problem about {@code field} of this record. */
  void problem(String field, String text);

  /**
   * How many problems the sink this record reports to holds so far; a rule compares it before and
   * after reading a record to know whether the record is good.
   */
  int problemCount();
}
