package dev.fawkes.tf.cloak;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.tf.cloak.internal.Ssim;
import java.awt.image.BufferedImage;

/**
 * Image-quality measures of a cloaked image against its original, in plain Java: SSIM with the
 * same definition the cloak's budget uses (11x11 Gaussian window, sigma 1.5, per channel, reflect-
 * padded borders, values in 0..1), DSSIM = (1 - SSIM) / 2, and PSNR. Stateless and thread-safe.
 */
public final class ImageQuality {
  private ImageQuality() {}

  /**
   * SSIM of two images of the same size, the mean over every pixel and the R, G and B channels;
   * alpha is ignored.
   *
   * @param original the reference, such as the photo before cloaking
   * @param changed the image compared with it, such as the cloaked photo
   * @return 1 for identical images, lower the more they differ in structure
   * @throws IllegalArgumentException if the sizes differ
   */
  public static double ssim(BufferedImage original, BufferedImage changed) {
    checkNotNull(original, "original");
    checkNotNull(changed, "changed");
    int w = original.getWidth();
    int h = original.getHeight();
    checkArgument(changed.getWidth() == w && changed.getHeight() == h,
        "images differ in size: %sx%s vs %sx%s", w, h, changed.getWidth(), changed.getHeight());
    float[] g = Ssim.gaussian();
    double total = 0;
    for (int c = 0; c < 3; c++) {
      float[] x = channel(original, c);
      float[] y = channel(changed, c);
      float[] xx = new float[x.length];
      float[] yy = new float[x.length];
      float[] xy = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        xx[i] = x[i] * x[i];
        yy[i] = y[i] * y[i];
        xy[i] = x[i] * y[i];
      }
      float[] mx = blur(x, w, h, g);
      float[] my = blur(y, w, h, g);
      float[] sxx = blur(xx, w, h, g);
      float[] syy = blur(yy, w, h, g);
      float[] sxy = blur(xy, w, h, g);
      for (int i = 0; i < x.length; i++) {
        double vx = sxx[i] - (double) mx[i] * mx[i];
        double vy = syy[i] - (double) my[i] * my[i];
        double cov = sxy[i] - (double) mx[i] * my[i];
        total += ((2.0 * mx[i] * my[i] + 1e-4) * (2 * cov + 9e-4))
            / (((double) mx[i] * mx[i] + (double) my[i] * my[i] + 1e-4) * (vx + vy + 9e-4));
      }
    }
    return total / (3.0 * w * h);
  }

  /**
   * DSSIM = (1 - SSIM) / 2, the scale of the cloak's budget.
   *
   * @param original the reference, as for {@link #ssim}
   * @param changed the image compared with it
   * @return 0 for identical images, higher the more they differ
   * @throws IllegalArgumentException if the sizes differ
   */
  public static double dssim(BufferedImage original, BufferedImage changed) {
    return (1 - ssim(original, changed)) / 2;
  }

  /**
   * PSNR over the R, G and B values (0..255) of two images of the same size; alpha is ignored.
   *
   * @param original the reference, as for {@link #ssim}
   * @param changed the image compared with it
   * @return in dB, {@link Double#POSITIVE_INFINITY} for identical images
   * @throws IllegalArgumentException if the sizes differ
   */
  public static double psnr(BufferedImage original, BufferedImage changed) {
    int w = original.getWidth();
    int h = original.getHeight();
    checkArgument(changed.getWidth() == w && changed.getHeight() == h, "images differ in size");
    double sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int a = original.getRGB(x, y);
        int b = changed.getRGB(x, y);
        for (int shift = 0; shift < 24; shift += 8) {
          int d = ((a >> shift) & 0xff) - ((b >> shift) & 0xff);
          sum += d * d;
        }
      }
    }
    double mse = sum / (3.0 * w * h);
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /**
   * The difference {@code changed - original} amplified {@code factor} times around mid-grey, so a
   * cloak becomes visible: grey where nothing changed.
   *
   * @param original the reference, as for {@link #ssim}
   * @param changed the image compared with it
   * @param factor how many times each channel's difference is multiplied; results are clipped to 0..255
   * @return a new TYPE_INT_RGB image of the same size
   * @throws IllegalArgumentException if the sizes differ
   */
  public static BufferedImage amplifiedDifference(BufferedImage original, BufferedImage changed, int factor) {
    int w = original.getWidth();
    int h = original.getHeight();
    checkArgument(changed.getWidth() == w && changed.getHeight() == h, "images differ in size");
    BufferedImage diff = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int a = original.getRGB(x, y);
        int b = changed.getRGB(x, y);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          int v = 128 + factor * (((b >> shift) & 0xff) - ((a >> shift) & 0xff));
          rgb |= Math.max(0, Math.min(255, v)) << shift;
        }
        diff.setRGB(x, y, rgb);
      }
    }
    return diff;
  }

  private static float[] channel(BufferedImage image, int c) {
    int w = image.getWidth();
    int h = image.getHeight();
    int shift = 16 - 8 * c;
    float[] out = new float[w * h];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        out[y * w + x] = ((row[x] >> shift) & 0xff) / 255f;
      }
    }
    return out;
  }

  /** Separable Gaussian blur with reflected borders. */
  private static float[] blur(float[] in, int w, int h, float[] g) {
    int r = g.length / 2;
    float[] tmp = new float[in.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float s = 0;
        for (int k = -r; k <= r; k++) {
          s += g[k + r] * in[y * w + reflect(x + k, w)];
        }
        tmp[y * w + x] = s;
      }
    }
    float[] out = new float[in.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float s = 0;
        for (int k = -r; k <= r; k++) {
          s += g[k + r] * tmp[reflect(y + k, h) * w + x];
        }
        out[y * w + x] = s;
      }
    }
    return out;
  }

  private static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    while (i < 0 || i >= n) {
      i = i < 0 ? -i : 2 * n - 2 - i;
    }
    return i;
  }
}
