package dev.fawkes.tf.testing;

/**
 * SSIM written out in plain Java, as the independent reference for the graph's: 11x11 Gaussian
 * window (sigma 1.5), per channel, images in 0..1, reflect-padded borders, mean over pixels and
 * channels.
 */
public final class SsimReference {
  private SsimReference() {}

  /** DSSIM = (1 - SSIM) / 2 of two RGB float images (row-major, interleaved) of side {@code size}. */
  public static double dssim(float[] x, float[] y, int size) {
    return dssim(x, y, size, new double[] {0, 0, 1, 1});
  }

  /** The worse of the DSSIM over the whole image and over its central half, as the presets bound it. */
  public static double worstRegion(float[] x, float[] y, int size) {
    return Math.max(dssim(x, y, size), dssim(x, y, size, new double[] {0.25, 0.25, 0.75, 0.75}));
  }

  /**
   * DSSIM over the pixels whose centres lie in {@code box} ([top, left, bottom, right] as fractions
   * of the side); SSIM's window still reaches outside it.
   */
  public static double dssim(float[] x, float[] y, int size, double[] box) {
    int r = 5;
    double[] g = new double[11];
    double sum = 0;
    for (int i = 0; i < 11; i++) {
      g[i] = Math.exp(-(i - r) * (i - r) / (2 * 1.5 * 1.5));
      sum += g[i];
    }
    double total = 0;
    long count = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < size; i++) {
        for (int j = 0; j < size; j++) {
          double u = (i + 0.5) / size;
          double v = (j + 0.5) / size;
          if (u < box[0] || u > box[2] || v < box[1] || v > box[3]) {
            continue;
          }
          count++;
          double mx = 0;
          double my = 0;
          double xx = 0;
          double yy = 0;
          double xy = 0;
          for (int di = -r; di <= r; di++) {
            for (int dj = -r; dj <= r; dj++) {
              double w = g[di + r] * g[dj + r] / (sum * sum);
              int ii = reflect(i + di, size);
              int jj = reflect(j + dj, size);
              double a = x[(ii * size + jj) * 3 + c];
              double b = y[(ii * size + jj) * 3 + c];
              mx += w * a;
              my += w * b;
              xx += w * a * a;
              yy += w * b * b;
              xy += w * a * b;
            }
          }
          double c1 = 1e-4;
          double c2 = 9e-4;
          total += ((2 * mx * my + c1) * (2 * (xy - mx * my) + c2))
              / ((mx * mx + my * my + c1) * (xx - mx * mx + yy - my * my + c2));
        }
      }
    }
    return (1 - total / count) / 2;
  }

  private static int reflect(int i, int size) {
    return i < 0 ? -i : i >= size ? 2 * size - 2 - i : i;
  }
}
