package dev.fawkes.quality;

import static java.util.Objects.requireNonNull;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * Image-quality measures of a changed image against its original, in plain Java: SSIM with the
 * definition the cloak's budget uses (11x11 Gaussian windows with sigma 1.5, per R, G and B channel,
 * reflect-padded borders, values in 0..1, C1 = 0.01^2, C2 = 0.03^2), DSSIM = (1 - SSIM) / 2, PSNR,
 * and an amplified difference image. Over a region, the SSIM map is computed with the pixels around
 * the region in its windows and averaged over the region's pixels. Stateless and thread-safe.
 */
public final class ImageQuality {
  /** Side of SSIM's Gaussian window, in pixels. */
  public static final int WINDOW = 11;
  /** Standard deviation of SSIM's Gaussian window, in pixels. */
  public static final double SIGMA = 1.5;
  private static final double C1 = 1e-4;
  private static final double C2 = 9e-4;

  private ImageQuality() {}

  /**
   * A normalised 1-D Gaussian: the taps of a separable blur.
   *
   * @param width the number of taps, odd
   * @param sigma the standard deviation, in pixels
   * @return {@code width} weights that sum to 1, symmetric about the middle one
   * @throws IllegalArgumentException if {@code width} is not a positive odd number or {@code sigma} is not positive
   */
  public static float[] gaussian(int width, double sigma) {
    check(width > 0 && width % 2 == 1, "width (%s) must be a positive odd number", width);
    check(sigma > 0, "sigma (%s) must be positive", sigma);
    float[] g = new float[width];
    double sum = 0;
    for (int i = 0; i < width; i++) {
      double d = i - width / 2;
      g[i] = (float) Math.exp(-d * d / (2 * sigma * sigma));
      sum += g[i];
    }
    for (int i = 0; i < width; i++) {
      g[i] /= (float) sum;
    }
    return g;
  }

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
    return ssim(original, changed, new Rectangle(0, 0, original.getWidth(), original.getHeight()));
  }

  /**
   * SSIM over a region of two images of the same size: the SSIM map, whose windows also see the
   * pixels around the region, averaged over the region's pixels and the R, G and B channels.
   *
   * @param original the reference
   * @param changed the image compared with it
   * @param region the pixels to average over; clipped to the image, and not empty after that
   * @return 1 for identical regions, lower the more they differ in structure
   * @throws IllegalArgumentException if the sizes differ or the region misses the image
   */
  public static double ssim(BufferedImage original, BufferedImage changed, Rectangle region) {
    Rectangle inside = checkRegion(original, changed, region);
    return ssimMap(original, changed, inside).mean(inside);
  }

  /**
   * DSSIM = (1 - SSIM) / 2, the scale of the cloak's budget.
   *
   * @param original the reference, as for {@link #ssim(BufferedImage, BufferedImage)}
   * @param changed the image compared with it
   * @return 0 for identical images, higher the more they differ
   * @throws IllegalArgumentException if the sizes differ
   */
  public static double dssim(BufferedImage original, BufferedImage changed) {
    return (1 - ssim(original, changed)) / 2;
  }

  /**
   * DSSIM over a region, as {@link #ssim(BufferedImage, BufferedImage, Rectangle)} measures it.
   *
   * @param original the reference
   * @param changed the image compared with it
   * @param region the pixels to average over, clipped to the image
   * @return 0 for identical regions, higher the more they differ
   * @throws IllegalArgumentException if the sizes differ or the region misses the image
   */
  public static double dssim(BufferedImage original, BufferedImage changed, Rectangle region) {
    return (1 - ssim(original, changed, region)) / 2;
  }

  /**
   * PSNR over the R, G and B values (0..255) of two images of the same size; alpha is ignored.
   *
   * @param original the reference, as for {@link #ssim(BufferedImage, BufferedImage)}
   * @param changed the image compared with it
   * @return in dB, {@link Double#POSITIVE_INFINITY} for identical images
   * @throws IllegalArgumentException if the sizes differ
   */
  public static double psnr(BufferedImage original, BufferedImage changed) {
    checkSameSize(original, changed);
    int w = original.getWidth();
    int h = original.getHeight();
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
   * @param original the reference, as for {@link #ssim(BufferedImage, BufferedImage)}
   * @param changed the image compared with it
   * @param factor how many times each channel's difference is multiplied; results are clipped to 0..255
   * @return a new TYPE_INT_RGB image of the same size
   * @throws IllegalArgumentException if the sizes differ
   */
  public static BufferedImage amplifiedDifference(BufferedImage original, BufferedImage changed, int factor) {
    checkSameSize(original, changed);
    int w = original.getWidth();
    int h = original.getHeight();
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

  /**
   * The SSIM map (mean over R, G and B) over {@code region} plus a margin of half a window, where it
   * is available: enough for the windows of every pixel of the region to see their true surround.
   */
  static SsimMap ssimMap(BufferedImage original, BufferedImage changed, Rectangle region) {
    int r = WINDOW / 2;
    Rectangle area = new Rectangle(region.x - r, region.y - r, region.width + 2 * r, region.height + 2 * r)
        .intersection(new Rectangle(0, 0, original.getWidth(), original.getHeight()));
    float[] g = gaussian(WINDOW, SIGMA);
    int w = area.width;
    int h = area.height;
    double[] map = new double[w * h];
    for (int c = 0; c < 3; c++) {
      float[] x = channel(original, area, c);
      float[] y = channel(changed, area, c);
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
        map[i] += ((2.0 * mx[i] * my[i] + C1) * (2 * cov + C2))
            / (((double) mx[i] * mx[i] + (double) my[i] * my[i] + C1) * (vx + vy + C2)) / 3;
      }
    }
    return new SsimMap(area, map);
  }

  /** An SSIM map over {@code area} of an image, row-major. */
  record SsimMap(Rectangle area, double[] values) {
    /** The mean over {@code region}, which lies inside the area. */
    double mean(Rectangle region) {
      double sum = 0;
      for (int y = region.y; y < region.y + region.height; y++) {
        for (int x = region.x; x < region.x + region.width; x++) {
          sum += values[(y - area.y) * area.width + (x - area.x)];
        }
      }
      return sum / ((double) region.width * region.height);
    }
  }

  /** {@code region} clipped to the images, which must be of one size; it must not end up empty. */
  static Rectangle checkRegion(BufferedImage original, BufferedImage changed, Rectangle region) {
    checkSameSize(original, changed);
    requireNonNull(region, "region");
    Rectangle inside = region.intersection(new Rectangle(0, 0, original.getWidth(), original.getHeight()));
    check(!inside.isEmpty(), "region %s lies outside the image", region);
    return inside;
  }

  private static void checkSameSize(BufferedImage original, BufferedImage changed) {
    requireNonNull(original, "original");
    requireNonNull(changed, "changed");
    if (changed.getWidth() != original.getWidth() || changed.getHeight() != original.getHeight()) {
      throw new IllegalArgumentException("images differ in size: " + original.getWidth() + "x" + original.getHeight()
          + " vs " + changed.getWidth() + "x" + changed.getHeight());
    }
  }

  private static void check(boolean ok, String template, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(template, value));
    }
  }

  private static float[] channel(BufferedImage image, Rectangle area, int c) {
    int shift = 16 - 8 * c;
    float[] out = new float[area.width * area.height];
    int[] row = new int[area.width];
    for (int y = 0; y < area.height; y++) {
      image.getRGB(area.x, area.y + y, area.width, 1, row, 0, area.width);
      for (int x = 0; x < area.width; x++) {
        out[y * area.width + x] = ((row[x] >> shift) & 0xff) / 255f;
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
