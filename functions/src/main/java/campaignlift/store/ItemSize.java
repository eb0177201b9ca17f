package campaignlift.store;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size DynamoDB charges and limits (400 KB) for an item, by the rules of the DynamoDB developer
 * guide's "Item sizes and formats": attribute names and strings in UTF-8 bytes, numbers about one
 * byte per two significant digits plus one, booleans and nulls one byte, lists and maps three bytes
 * plus one per element. An estimate within a few bytes, used to state and test our item bounds
 * (docs/write-path.md), never to decide what to write.
 */
public final class ItemSize {
  private ItemSize() {}

  public static int of(Map<String, AttributeValue> item) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8(e.getKey()) + value(e.getValue());
    }
    return size;
  }

  private static int value(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return number(v.n());
    }
    if (v.b() != null) {
      return v.b().asByteArray().length;
    }
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
      return 1;
    }
    if (v.hasSs()) {
      return v.ss().stream().mapToInt(ItemSize::utf8).sum();
    }
    if (v.hasNs()) {
      return v.ns().stream().mapToInt(ItemSize::number).sum();
    }
    if (v.hasM()) {
      int size = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        size += 1 + utf8(e.getKey()) + value(e.getValue());
      }
      return size;
    }
    if (v.hasL()) {
      int size = 3;
      for (AttributeValue e : v.l()) {
        size += 1 + value(e);
      }
      return size;
    }
    return 0;
  }

  private static int number(String n) {
    BigDecimal d = new BigDecimal(n).stripTrailingZeros();
    int digits = d.signum() == 0 ? 1 : d.precision();
    return (digits + 1) / 2 + 1;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
