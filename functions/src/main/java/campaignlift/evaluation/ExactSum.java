package campaignlift.evaluation;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact integer sum (of unscaled decimals at a fixed scale): a {@code long} while it fits, a
 * {@link BigInteger} from the first overflow on. Integer addition is associative, so the same terms
 * added in any order, or partial sums merged in any grouping, give the same value, and subtracting
 * a term removes it exactly (docs/aggregates.md, exact arithmetic). Doubles appear only when a
 * value is read for the statistics engine.
 */
final class ExactSum {
  private long small;
  private BigInteger big;

  void add(long x) {
    if (big == null) {
      long r = small + x;
      // Overflow iff both operands have the sign opposite to the result (Hacker's Delight 2-13).
      if (((small ^ r) & (x ^ r)) >= 0) {
        small = r;
        return;
      }
      big = BigInteger.valueOf(small);
    }
    big = big.add(BigInteger.valueOf(x));
  }

  /** Adds {@code a × b × sign}, exactly. */
  void addProduct(long a, long b, int sign) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    boolean fits = (hi == 0 && lo >= 0) || (hi == -1 && lo < 0);
    if (fits && lo != Long.MIN_VALUE) {
      add(sign < 0 ? -lo : lo);
      return;
    }
    BigInteger p = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
    add(sign < 0 ? p.negate() : p);
  }

  private void add(BigInteger x) {
    if (x.bitLength() < 64) {
      add(x.longValue());
      return;
    }
    big = (big == null ? BigInteger.valueOf(small) : big).add(x);
  }

  void merge(ExactSum o) {
    if (o.big != null) {
      add(o.big);
    } else {
      add(o.small);
    }
  }

  /** Adds {@code a × b × sign} for terms too large for a {@code long}. */
  void addProduct(BigInteger a, BigInteger b, int sign) {
    BigInteger p = a.multiply(b);
    add(sign < 0 ? p.negate() : p);
  }

  BigInteger value() {
    return big == null ? BigInteger.valueOf(small) : big;
  }

  boolean isZero() {
    return big == null ? small == 0 : big.signum() == 0;
  }

  /** The sum as a decimal with {@code scale} places, rounded once to a double. */
  double toDouble(int scale) {
    if (big == null && scale == 0 && Math.abs(small) < (1L << 53)) {
      return small;
    }
    return new BigDecimal(value(), scale).doubleValue();
  }

  static ExactSum of(BigInteger v) {
    ExactSum s = new ExactSum();
    s.add(v);
    return s;
  }
}
