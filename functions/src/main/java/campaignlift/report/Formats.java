package campaignlift.report;

import java.util.Locale;

/** How the report writes numbers: percentages, means, p-values and SVG coordinates. */
final class Formats {
  private Formats() {}

  /**
   * An SVG coordinate with one decimal. Integer arithmetic rather than String.format: the largest
   * report has thousands of rows with several coordinates each, and the formatter dominated its
   * rendering time.
   */
  static String coordinate(double v) {
    if (!Double.isFinite(v)) {
      return "0.0";
    }
    long tenths = Math.round(Math.abs(v) * 10);
    return (v < 0 && tenths != 0 ? "-" : "") + tenths / 10 + "." + tenths % 10;
  }

  /**
   * The figure shown: an undefined one (NaN, null in a stored result) shows as 0, as the report has
   * always shown it.
   */
  private static double shown(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  /** A signed percentage with one decimal, e.g. {@code +10.0%} (a lift). */
  static String signedPercent1(double v) {
    return String.format(Locale.ROOT, "%+.1f%%", shown(v) * 100);
  }

  /** A signed whole percentage, e.g. {@code -5%} (an axis tick). */
  static String signedPercent0(double v) {
    return String.format(Locale.ROOT, "%+.0f%%", shown(v) * 100);
  }

  /** A percentage with one decimal, e.g. {@code 50.0%} (a weight). */
  static String percent1(double v) {
    return String.format(Locale.ROOT, "%.1f%%", shown(v) * 100);
  }

  /** A whole percentage, e.g. {@code 95%} (a confidence level, a chance). */
  static String percent0(double v) {
    return String.format(Locale.ROOT, "%.0f%%", shown(v) * 100);
  }

  /** A mean or count: whole from 100 on, else three significant digits. */
  static String number(double v) {
    double x = shown(v);
    return String.format(Locale.ROOT, Math.abs(x) >= 100 ? "%.0f" : "%.3g", x);
  }

  /** A p-value: three decimals, or scientific below 0.001. */
  static String pValue(double v) {
    double x = shown(v);
    return x < 0.001
        ? String.format(Locale.ROOT, "%.1e", x)
        : String.format(Locale.ROOT, "%.3f", x);
  }
}
