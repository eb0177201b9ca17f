package campaignlift.stats;

/** Tiny dense-matrix helpers for the 4×4 delta-method products. */
final class Matrices {
  private Matrices() {}

  /** uᵀ·M·v. */
  static double quadraticForm(double[] u, double[][] m, double[] v) {
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      for (int j = 0; j < v.length; j++) {
        s += u[i] * m[i][j] * v[j];
      }
    }
    return s;
  }

  /** uᵀ·M[rows, cols]·v for a sub-block starting at (r0, c0). */
  static double block(double[] u, double[][] m, int r0, int c0, double[] v) {
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      for (int j = 0; j < v.length; j++) {
        s += u[i] * m[r0 + i][c0 + j] * v[j];
      }
    }
    return s;
  }
}
