package campaignlift.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The value domain's rules on their own, including the hostile values clients have sent. */
class ValueDomainTest {

  @Test
  void instantsOutsideTheRangeAreRefusedWithoutOverflow() {
    assertEquals(Instant.EPOCH, ValueDomain.instant("1970-01-01T00:00:00Z"));
    assertEquals(
        Instant.parse("9999-12-31T23:59:59.999Z"), ValueDomain.instant("9999-12-31T23:59:59.999Z"));
    assertEquals(
        Instant.parse("2026-03-01T08:30:00Z"), ValueDomain.instant("2026-03-01T09:30:00+01:00"));
    for (String bad :
        new String[] {
          "1969-12-31T23:59:59.999Z",
          "9999-12-31T23:59:59.9991Z",
          "9999-12-31T23:59:59-18:00",
          "+999999999-12-31T23:59:59-18:00",
          "-999999999-01-01T00:00:00+18:00",
          "-300000000-01-01T00:00:00Z",
          "+10000-01-01T00:00:00Z",
          "2026-03-01T09:30:00",
          "2026-02-30T00:00:00Z",
          "yesterday",
          "2026-03-01T09:30:00Z" + " ".repeat(100),
        }) {
      assertNull(ValueDomain.instant(bad), bad);
    }
  }

  @Test
  void amountsAreBoundedInMagnitudeAndScale() {
    assertEquals(new BigDecimal("12.5"), ValueDomain.amount(new BigDecimal("12.5000")));
    assertEquals("1000000000", ValueDomain.amount(new BigDecimal("1e9")).toPlainString());
    assertEquals(new BigDecimal("0.0001"), ValueDomain.amount(new BigDecimal("0.0001")));
    assertEquals(BigDecimal.ZERO, ValueDomain.amount(new BigDecimal("0E-999")));
    for (String bad :
        new String[] {
          "-0.0001",
          "1000000000.0001",
          "1e12",
          "0.00001",
          "1e-27",
          "1e-131",
          "1.00000000000000000000000000000000000001",
          "123456789012345678901234567890123456789",
        }) {
      assertNull(ValueDomain.amount(new BigDecimal(bad)), bad);
    }
  }

  @Test
  void theNumberEnvelopeReadsOnlyTheExponent() {
    for (String ok : new String[] {"1", "-12.5", "1e400", "1E-400", "4.9e-324", "1e+0000400"}) {
      assertTrue(ValueDomain.withinEnvelope(ok), ok);
    }
    for (String bad :
        new String[] {"1e401", "1e-401", "1e2147483648", "1e-999999999", "0e99999", "1e"}) {
      assertFalse(ValueDomain.withinEnvelope(bad), bad);
    }
    // A hostile exponent costs no more than reading it.
    long started = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      ValueDomain.withinEnvelope("1e-999999999");
    }
    assertTrue(System.nanoTime() - started < 1_000_000_000L, "10,000 screens in under a second");
  }

  /**
   * The bound's purpose (docs/value-domain.md): a user's revenue is a sum of amounts, each a
   * multiple of 0.0001 below 1e9, so a sum of even 10^20 of them needs at most 34 digits.
   */
  @Test
  void sumsOfBoundedAmountsStayWithinDynamoDbDigits() {
    BigDecimal worst = ValueDomain.amount(new BigDecimal("999999999.9999"));
    BigDecimal sum = worst.multiply(BigDecimal.TEN.pow(20));
    assertTrue(sum.stripTrailingZeros().precision() <= 38, sum.toPlainString());
    assertTrue(sum.toPlainString().replace(".", "").length() <= 38, sum.toPlainString());
  }
}
