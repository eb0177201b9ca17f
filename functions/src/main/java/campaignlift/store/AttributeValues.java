package campaignlift.store;

import java.math.BigDecimal;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Short names for the attribute values every item is built of. */
final class AttributeValues {
  private AttributeValues() {}

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** Exact decimal: plain notation, as DynamoDB numbers keep up to 38 digits. */
  static AttributeValue n(BigDecimal value) {
    return AttributeValue.fromN(value.toPlainString());
  }

  static long longOf(AttributeValue value) {
    return Long.parseLong(value.n());
  }

  static int intOf(AttributeValue value) {
    return Integer.parseInt(value.n());
  }

  /** An optional epoch-millis attribute: null when absent. */
  static Instant millisOrNull(AttributeValue value) {
    return value == null ? null : Instant.ofEpochMilli(longOf(value));
  }
}
