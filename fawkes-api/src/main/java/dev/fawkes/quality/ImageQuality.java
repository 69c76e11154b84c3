package dev.fawkes.quality;

import static java.util.Objects.requireNonNull;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Arrays;

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
    return meanSsim(original, changed, inside, inside)[0];
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

  /** Output rows per band: the SSIM map is computed a band at a time, so memory stays bounded. */
  private static final int BAND = 128;

  /**
   * The mean SSIM (over R, G and B) over each of {@code regions}, which lie inside {@code outer}: the
   * map is computed over {@code outer} with the pixels around it in its windows (reflected only at
   * the image's border), a band of rows at a time.
   */
  static double[] meanSsim(BufferedImage original, BufferedImage changed, Rectangle outer, Rectangle... regions) {
    int r = WINDOW / 2;
    Rectangle area = new Rectangle(outer.x - r, outer.y - r, outer.width + 2 * r, outer.height + 2 * r)
        .intersection(new Rectangle(0, 0, original.getWidth(), original.getHeight()));
    float[] g = gaussian(WINDOW, SIGMA);
    int w = area.width;
    int[] xs = reflected(w, r);
    int[] ys = reflected(area.height, r);
    double[] sums = new double[regions.length];
    // Buffers reused by every band and channel: the garbage of one call stays small on any face.
    int inputSize = (BAND + 2 * r) * w;
    float[][] inputs = new float[5][inputSize];
    float[][] blurred = new float[5][BAND * w];
    float[] tmp = new float[inputSize];
    double[] map = new double[BAND * w];
    int[] line = new int[w];
    int[] other = new int[w];
    for (int y0 = outer.y; y0 < outer.y + outer.height; y0 += BAND) {
      int y1 = Math.min(outer.y + outer.height, y0 + BAND);
      // The rows of the area the band's windows read, through the reflected index table.
      int first = y0 - area.y;
      int rows = y1 - y0;
      Arrays.fill(map, 0);
      for (int c = 0; c < 3; c++) {
        int shift = 16 - 8 * c;
        for (int j = 0; j < rows + 2 * r; j++) {
          int source = area.y + ys[first + j];
          original.getRGB(area.x, source, w, 1, line, 0, w);
          changed.getRGB(area.x, source, w, 1, other, 0, w);
          for (int x = 0; x < w; x++) {
            float a = ((line[x] >> shift) & 0xff) / 255f;
            float b = ((other[x] >> shift) & 0xff) / 255f;
            int i = j * w + x;
            inputs[0][i] = a;
            inputs[1][i] = b;
            inputs[2][i] = a * a;
            inputs[3][i] = b * b;
            inputs[4][i] = a * b;
          }
        }
        for (int m = 0; m < 5; m++) {
          blurBand(inputs[m], blurred[m], tmp, w, rows, r, g, xs);
        }
        for (int i = 0; i < rows * w; i++) {
          double mx = blurred[0][i];
          double my = blurred[1][i];
          double vx = blurred[2][i] - mx * mx;
          double vy = blurred[3][i] - my * my;
          double cov = blurred[4][i] - mx * my;
          map[i] += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2)) / 3;
        }
      }
      for (int k = 0; k < regions.length; k++) {
        Rectangle region = regions[k];
        for (int y = Math.max(y0, region.y); y < Math.min(y1, region.y + region.height); y++) {
          for (int x = region.x; x < region.x + region.width; x++) {
            sums[k] += map[(y - y0) * w + (x - area.x)];
          }
        }
      }
    }
    double[] means = new double[regions.length];
    for (int k = 0; k < regions.length; k++) {
      means[k] = sums[k] / ((double) regions[k].width * regions[k].height);
    }
    return means;
  }

  /**
   * Gaussian blur of {@code rows + 2r} rows of {@code in} (the band and the rows its windows read above
   * and below) into the band's {@code rows} rows of {@code out}: horizontal pass into {@code tmp},
   * reflected at the row ends through {@code xs}, then vertical.
   */
  private static void blurBand(float[] in, float[] out, float[] tmp, int w, int rows, int r, float[] g, int[] xs) {
    int inRows = rows + 2 * r;
    Arrays.fill(tmp, 0, inRows * w, 0f);
    for (int y = 0; y < inRows; y++) {
      int row = y * w;
      for (int k = 0; k < g.length; k++) {
        float weight = g[k];
        // The interior reads a contiguous run; only the row ends need the reflected indices.
        for (int x = 0; x < Math.min(r, w); x++) {
          tmp[row + x] += weight * in[row + xs[x + k]];
        }
        for (int x = r; x < w - r; x++) {
          tmp[row + x] += weight * in[row + x + k - r];
        }
        for (int x = Math.max(r, w - r); x < w; x++) {
          tmp[row + x] += weight * in[row + xs[x + k]];
        }
      }
    }
    // Row by row, so that the inner loop runs along memory.
    Arrays.fill(out, 0, rows * w, 0f);
    for (int y = 0; y < rows; y++) {
      int row = y * w;
      for (int k = 0; k < g.length; k++) {
        int from = (y + k) * w;
        float weight = g[k];
        for (int x = 0; x < w; x++) {
          out[row + x] += weight * tmp[from + x];
        }
      }
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

  /** For positions -r .. n - 1 + r (shifted by r), the index each reads from: reflected at the borders. */
  private static int[] reflected(int n, int r) {
    int[] idx = new int[n + 2 * r];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = reflect(i - r, n);
    }
    return idx;
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
