package dev.fawkes.bench.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The cloak-aware tracker's map from cloaked to clean embeddings, after FaceCure-style adaptation:
 * the tracker cloaks public photos with the public library itself and learns a linear correction
 * {@code e + e B}, fitted by ridge regression on pairs (cloaked, clean) and (clean, clean), so that
 * clean photos stay where they were. The ridge weight is chosen on a held-out quarter of the
 * photos, as a tracker would, without seeing any protected person. Immutable.
 */
final class CloakAwareMap {
  private static final double[] RIDGE = {0.01, 0.1, 1, 10};
  private final float[][] b;
  private final double ridge;

  private CloakAwareMap(float[][] b, double ridge) {
    this.b = b;
    this.ridge = ridge;
  }

  /** Fits the map on the public photos' cloaked and clean embeddings, pair by pair. */
  static CloakAwareMap fit(List<float[]> cloaked, List<float[]> clean, long seed) {
    checkArgument(cloaked.size() == clean.size() && cloaked.size() >= 4, "at least 4 pairs of embeddings are needed");
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < cloaked.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    int held = Math.max(1, order.size() / 4);
    List<Integer> validation = order.subList(0, held);
    List<Integer> training = order.subList(held, order.size());
    double bestError = Double.POSITIVE_INFINITY;
    double bestRidge = RIDGE[0];
    for (double ridge : RIDGE) {
      CloakAwareMap map = new CloakAwareMap(solve(cloaked, clean, training, ridge), ridge);
      double error = 0;
      for (int i : validation) {
        error += distance(map.apply(cloaked.get(i)), clean.get(i)) + distance(map.apply(clean.get(i)), clean.get(i));
      }
      if (error < bestError) {
        bestError = error;
        bestRidge = ridge;
      }
    }
    List<Integer> all = order;
    return new CloakAwareMap(solve(cloaked, clean, all, bestRidge), bestRidge);
  }

  /** The ridge weight the held-out photos chose. */
  double ridge() {
    return ridge;
  }

  /** The corrected embedding, L2-normalised. */
  float[] apply(float[] e) {
    int d = e.length;
    float[] out = e.clone();
    for (int i = 0; i < d; i++) {
      if (e[i] == 0) {
        continue;
      }
      float[] row = b[i];
      for (int j = 0; j < d; j++) {
        out[j] += e[i] * row[j];
      }
    }
    double norm = 0;
    for (float v : out) {
      norm += v * v;
    }
    float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
    for (int j = 0; j < d; j++) {
      out[j] *= scale;
    }
    return out;
  }

  /** B = (X'X + ridge I)^-1 X'(Y - X) over the pairs (cloaked, clean) and (clean, clean) of {@code rows}. */
  private static float[][] solve(List<float[]> cloaked, List<float[]> clean, List<Integer> rows, double ridge) {
    int d = clean.get(0).length;
    double[][] xtx = new double[d][d];
    double[][] xtr = new double[d][d];
    for (int i : rows) {
      accumulate(xtx, xtr, cloaked.get(i), clean.get(i));
      accumulate(xtx, xtr, clean.get(i), clean.get(i));
    }
    for (int i = 0; i < d; i++) {
      xtx[i][i] += ridge;
    }
    double[][] solution = choleskySolve(xtx, xtr);
    float[][] out = new float[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        out[i][j] = (float) solution[i][j];
      }
    }
    return out;
  }

  private static void accumulate(double[][] xtx, double[][] xtr, float[] x, float[] y) {
    int d = x.length;
    for (int i = 0; i < d; i++) {
      double xi = x[i];
      double[] a = xtx[i];
      double[] r = xtr[i];
      for (int j = 0; j < d; j++) {
        a[j] += xi * x[j];
        r[j] += xi * (y[j] - x[j]);
      }
    }
  }

  /** Solves A S = R for symmetric positive definite A. */
  private static double[][] choleskySolve(double[][] a, double[][] r) {
    int d = a.length;
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
      }
    }
    int m = r[0].length;
    double[][] z = new double[d][m];
    for (int i = 0; i < d; i++) {
      for (int c = 0; c < m; c++) {
        double s = r[i][c];
        for (int k = 0; k < i; k++) {
          s -= l[i][k] * z[k][c];
        }
        z[i][c] = s / l[i][i];
      }
    }
    double[][] x = new double[d][m];
    for (int i = d - 1; i >= 0; i--) {
      for (int c = 0; c < m; c++) {
        double s = z[i][c];
        for (int k = i + 1; k < d; k++) {
          s -= l[k][i] * x[k][c];
        }
        x[i][c] = s / l[i][i];
      }
    }
    return x;
  }

  private static double distance(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double t = a[i] - b[i];
      s += t * t;
    }
    return s;
  }
}
