package campaignlift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The response-rate check (docs/statistics.md §16) against two independent implementations of the
 * pooled two-proportion test: R 4.2.2 {@code prop.test(correct = FALSE)} (Pearson χ² = z²) and
 * scipy 1.17:
 *
 * <pre>
 * # R: options(digits = 15); prop.test(c(a_C, a_T), c(n_C, n_T), correct = FALSE)
 * #   2000/10000 vs 2150/10000: X-squared 6.8412451066094,  p 0.00890767312257491
 * #   2000/10000 vs 2300/10000: X-squared 26.6627166345727, p 2.42251129519762e-07
 * #    180/1000  vs  150/980:   X-squared 2.58612244897959, p 0.107803962855099
 * # scipy: p = (a1 + a2)/(n1 + n2); z = (a2/n2 - a1/n1)/sqrt(p*(1-p)*(1/n1 + 1/n2))
 * #        2 * scipy.stats.norm.sf(abs(z))
 * #   z 2.615577394498085, p 0.008907673122574964
 * #   z 5.1635953205661504, p 2.4225112951976293e-07
 * #   z -1.6081425462251753, p 0.10780396285509865
 * </pre>
 */
class ResponseBalanceTest {

  @Test
  void aSmallDifferenceIsBalancedAtTheSrmThreshold() {
    ResponseBalance b = ResponseBalance.test(10_000, 2000, 10_000, 2150);
    assertEquals(0.20, b.controlRate(), 1e-15);
    assertEquals(0.215, b.treatmentRate(), 1e-15);
    assertEquals(2.615577394498085, b.z(), 1e-12);
    assertEquals(6.8412451066094, b.z() * b.z(), 1e-11, "R prop.test X-squared");
    assertEquals(0.00890767312257491, b.pValue(), 1e-14);
    assertTrue(b.balanced(), "p 0.0089 is not below 0.001");
  }

  @Test
  void aLargeDifferenceIsFlagged() {
    ResponseBalance b = ResponseBalance.test(10_000, 2000, 10_000, 2300);
    assertEquals(5.1635953205661504, b.z(), 1e-12);
    assertEquals(2.42251129519762e-07, b.pValue(), 1e-18);
    assertFalse(b.balanced());
    assertEquals(Srm.DEFAULT_THRESHOLD, ResponseBalance.THRESHOLD, "same threshold as SRM");
  }

  @Test
  void unequalArmsAndALowerTreatmentRate() {
    ResponseBalance b = ResponseBalance.test(1000, 180, 980, 150);
    assertEquals(-1.6081425462251753, b.z(), 1e-12);
    assertEquals(0.107803962855099, b.pValue(), 1e-14);
    assertTrue(b.balanced());
  }

  @Test
  void degenerateInputsAreBalancedAndDoNotThrow() {
    ResponseBalance empty = ResponseBalance.test(0, 0, 100, 20);
    assertTrue(Double.isNaN(empty.controlRate()));
    assertEquals(0.2, empty.treatmentRate());
    assertEquals(1.0, empty.pValue());
    assertTrue(empty.balanced());
    ResponseBalance nobody = ResponseBalance.test(100, 0, 100, 0);
    assertEquals(1.0, nobody.pValue());
    assertEquals(0.0, nobody.z());
    ResponseBalance everybody = ResponseBalance.test(100, 100, 50, 50);
    assertEquals(1.0, everybody.pValue());
  }

  @Test
  void invalidCountsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ResponseBalance.test(10, 11, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> ResponseBalance.test(-1, 0, 10, 1));
  }
}
