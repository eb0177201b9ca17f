package campaignlift.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The one value domain every door enforces (HTTP API, S3 import): the range of instants, the shape
 * of amounts, the envelope of any number, and the reserved attribute values. docs/value-domain.md
 * explains each bound; in particular why amounts of at most {@link #MAX_AMOUNT} with at most {@link
 * #MAX_AMOUNT_SCALE} decimal places keep every stored sum within DynamoDB's 38 digits.
 *
 * <p>Checks look at sizes before converting anything, so a hostile value costs microseconds.
 */
public final class ValueDomain {
  /** The earliest instant accepted in any time field. */
  public static final Instant EARLIEST = Instant.EPOCH;

  /**
   * The latest instant accepted in any time field: its epoch milliseconds (15 digits) fit the
   * store's fixed-width sort keys.
   */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  /** The longest timestamp text read; a valid ISO-8601 timestamp is far shorter. */
  public static final int MAX_INSTANT_CHARS = 64;

  /** The largest purchase value. */
  public static final BigDecimal MAX_AMOUNT = BigDecimal.valueOf(1_000_000_000L);

  /** The most decimal places of a purchase value (after trailing zeros are dropped). */
  public static final int MAX_AMOUNT_SCALE = 4;

  /** The largest campaign cost, on the same scale as purchase values. */
  public static final double MAX_COST = 1e9;

  /**
   * The envelope of any JSON number, whatever the field: its decimal exponent (the part after
   * {@code e}) is at most this in absolute value. It holds every double (1e±308, down to 4.9e-324)
   * and keeps any {@link BigDecimal} built from a number cheap. Each field then has a tighter rule.
   */
  public static final int MAX_EXPONENT = 400;

  /** The longest JSON number read, in characters (the parser refuses longer ones). */
  public static final int MAX_NUMBER_CHARS = 1000;

  /** Attribute value the evaluation uses for "this exposure had no value". */
  public static final String MISSING_VALUE = "(none)";

  /** Attribute value the evaluation folds values into past the per-attribute cap. */
  public static final String OTHER_VALUE = "(other)";

  public static final Set<String> RESERVED_ATTRIBUTE_VALUES = Set.of(MISSING_VALUE, OTHER_VALUE);

  private ValueDomain() {}

  /** The rule every time field states when it is broken. */
  public static String instantRule() {
    return "must be an ISO-8601 timestamp with an offset, such as 2026-03-01T09:30:00Z, between "
        + EARLIEST
        + " and "
        + LATEST;
  }

  /**
   * The instant a timestamp text names, or null when it is not one or lies outside [{@link
   * #EARLIEST}, {@link #LATEST}]. Never throws: the range check comes before any conversion that
   * could overflow (epoch milliseconds of year −999999999 do not fit a long).
   */
  public static Instant instant(String text) {
    if (text == null || text.length() > MAX_INSTANT_CHARS) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
    return at.isBefore(EARLIEST) || at.isAfter(LATEST) ? null : at;
  }

  /** The rule for purchase values. */
  public static String amountRule() {
    return "must be a number from 0 to "
        + MAX_AMOUNT.toPlainString()
        + " with at most "
        + MAX_AMOUNT_SCALE
        + " decimal places";
  }

  /**
   * The amount in its shortest exact form (trailing zeros dropped), or null when it is negative,
   * above {@link #MAX_AMOUNT} or has more than {@link #MAX_AMOUNT_SCALE} decimal places. {@code
   * value} must be within the number envelope ({@link #withinEnvelope}), which keeps this cheap.
   */
  public static BigDecimal amount(BigDecimal value) {
    if (value.signum() < 0 || value.compareTo(MAX_AMOUNT) > 0) {
      return null;
    }
    if (value.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > MAX_AMOUNT_SCALE) {
      return null;
    }
    // A plain scale of 0 or more: toPlainString() then never pads with zeros of an exponent.
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /**
   * Whether a JSON number's written form ({@code -12.5e3}) is inside the envelope: an exponent of
   * at most {@link #MAX_EXPONENT} in absolute value. Reads only the exponent's digits, so {@code
   * 1e-999999999} and {@code 1e2147483648} are refused without building anything.
   */
  public static boolean withinEnvelope(String number) {
    if (number.length() > MAX_NUMBER_CHARS) {
      return false;
    }
    int e = Math.max(number.indexOf('e'), number.indexOf('E'));
    if (e < 0) {
      return true;
    }
    int i = e + 1;
    if (i < number.length() && (number.charAt(i) == '+' || number.charAt(i) == '-')) {
      i++;
    }
    while (i < number.length() - 1 && number.charAt(i) == '0') {
      i++; // leading zeros of the exponent say nothing
    }
    int digits = number.length() - i;
    if (digits < 1 || digits > 3) {
      return false; // 1000 or more is beyond the envelope (and beyond an int, for some)
    }
    for (int k = i; k < number.length(); k++) {
      if (number.charAt(k) < '0' || number.charAt(k) > '9') {
        return false;
      }
    }
    return Integer.parseInt(number, i, number.length(), 10) <= MAX_EXPONENT;
  }

  /** The rule for attribute values. */
  public static String reservedRule(String value) {
    return "\""
        + value
        + "\" is reserved for "
        + (value.equals(MISSING_VALUE)
            ? "exposures without this attribute"
            : "values folded together past the per-attribute cap");
  }
}
