package campaignlift.stats;

/** Argument checks for invalid (as opposed to degenerate) inputs. */
final class Checks {
  private Checks() {}

  static void count(long n, String name) {
    if (n < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + n);
    }
  }

  static void finite(double x, String name) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(name + " must be finite, got " + x);
    }
  }

  static void alpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
  }
}
