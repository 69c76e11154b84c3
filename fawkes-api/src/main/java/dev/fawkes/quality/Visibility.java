package dev.fawkes.quality;

import static java.util.Objects.requireNonNull;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * How visible a change is where people look: measured over a face's canonical box (for an LFW photo
 * x 35..215, y 30..210; for any photo, the box the aligner maps there) of the changed photo against
 * the original. Immutable.
 *
 * <ul>
 *   <li><b>worst-region DSSIM</b>: the larger of the DSSIM over the box and over its central half
 *       (the middle 50% in each direction), SSIM as {@link ImageQuality} defines it (11x11 Gaussian
 *       windows, sigma 1.5, per RGB channel). A cloak that concentrates on the middle of the face
 *       cannot hide there behind an untouched margin.
 *   <li><b>ΔE p95, ΔE p99</b>: the 95th and 99th percentile over the box's pixels of the CIE76
 *       colour difference in CIELAB (sRGB, D65), nearest-rank, to 0.001 (unchanged pixels count 0
 *       exactly).
 *   <li><b>share above JND</b>: the share of the box's pixels whose ΔE exceeds {@value #JND}, about
 *       one just-noticeable difference.
 *   <li><b>largest change</b>: the largest change of any R, G or B value in the box, in levels of 255.
 * </ul>
 *
 * <p>For scale (docs/evaluation.md): re-encoding LFW photos as JPEG quality 70 measures ΔE p95 2.3 and
 * central DSSIM 0.004.
 *
 * @param boxDssim DSSIM over the box
 * @param centralDssim DSSIM over the box's central half
 * @param deltaEP95 95th percentile of ΔE over the box
 * @param deltaEP99 99th percentile of ΔE over the box
 * @param shareAboveJnd share of the box's pixels with ΔE above {@value #JND}, in [0, 1]
 * @param maxLevelChange largest change of an R, G or B value in the box, in [0, 255]
 */
public record Visibility(double boxDssim, double centralDssim, double deltaEP95, double deltaEP99,
    double shareAboveJnd, int maxLevelChange) {
  /** The measures of a face left unchanged: all zero. */
  public static final Visibility UNCHANGED = new Visibility(0, 0, 0, 0, 0, 0);
  /** About one just-noticeable difference in CIE76 ΔE. */
  public static final double JND = 2.3;
  /** Histogram bins of 0.001 up to a dE of 400, beyond the largest CIE76 difference of two sRGB colours. */
  private static final int DELTA_E_BINS = 400_000;

  /**
   * Validates the values.
   *
   * @param boxDssim DSSIM over the box
   * @param centralDssim DSSIM over the box's central half
   * @param deltaEP95 95th percentile of ΔE over the box
   * @param deltaEP99 99th percentile of ΔE over the box, at least the 95th
   * @param shareAboveJnd share of the box's pixels above {@value #JND}, in [0, 1]
   * @param maxLevelChange largest change of an R, G or B value, in [0, 255]
   * @throws IllegalArgumentException if a value is out of its range
   */
  public Visibility {
    if (!(shareAboveJnd >= 0 && shareAboveJnd <= 1) || maxLevelChange < 0 || maxLevelChange > 255
        || deltaEP95 < 0 || deltaEP99 < deltaEP95 - 1e-9) {
      throw new IllegalArgumentException("not a visibility: " + boxDssim + ", " + centralDssim + ", " + deltaEP95
          + ", " + deltaEP99 + ", " + shareAboveJnd + ", " + maxLevelChange);
    }
  }

  /**
   * Measures the change from {@code original} to {@code changed} over {@code box}.
   *
   * @param original the photo before the change
   * @param changed the photo after it, of the same size
   * @param box the face's canonical box in photo pixels; clipped to the photo
   * @return the measures
   * @throws IllegalArgumentException if the sizes differ or the box misses the photo
   */
  public static Visibility measure(BufferedImage original, BufferedImage changed, Rectangle box) {
    Rectangle inside = ImageQuality.checkRegion(original, changed, box);
    double[] ssim = ImageQuality.meanSsim(original, changed, inside, inside, centralHalf(inside));
    // dE percentiles from a histogram of 0.001-wide bins, row by row: bounded memory on any face.
    int[] histogram = new int[DELTA_E_BINS];
    long unchanged = 0;
    long above = 0;
    int maxLevel = 0;
    int[] a = new int[inside.width];
    int[] b = new int[inside.width];
    for (int y = inside.y; y < inside.y + inside.height; y++) {
      original.getRGB(inside.x, y, inside.width, 1, a, 0, inside.width);
      changed.getRGB(inside.x, y, inside.width, 1, b, 0, inside.width);
      for (int x = 0; x < inside.width; x++) {
        if ((a[x] & 0xffffff) == (b[x] & 0xffffff)) {
          unchanged++;
          continue;
        }
        double deltaE = Cielab.deltaE76(a[x], b[x]);
        above += deltaE > JND ? 1 : 0;
        histogram[Math.min(DELTA_E_BINS - 1, (int) (deltaE * 1000))]++;
        for (int shift = 0; shift < 24; shift += 8) {
          maxLevel = Math.max(maxLevel, Math.abs(((a[x] >> shift) & 0xff) - ((b[x] >> shift) & 0xff)));
        }
      }
    }
    long n = (long) inside.width * inside.height;
    return new Visibility((1 - ssim[0]) / 2, (1 - ssim[1]) / 2, percentile(histogram, unchanged, n, 0.95),
        percentile(histogram, unchanged, n, 0.99), (double) above / n, maxLevel);
  }

  /**
   * The middle 50% of a box in each direction.
   *
   * @param box a face's canonical box
   * @return the central half, at least one pixel in each direction
   */
  public static Rectangle centralHalf(Rectangle box) {
    requireNonNull(box, "box");
    int w = Math.max(1, (int) Math.round(box.width / 2.0));
    int h = Math.max(1, (int) Math.round(box.height / 2.0));
    return new Rectangle(box.x + (box.width - w) / 2, box.y + (box.height - h) / 2, w, h);
  }

  /** {@return the larger of the box's and the central half's DSSIM: the bound the presets hold} */
  public double worstRegionDssim() {
    return Math.max(boxDssim, centralDssim);
  }

  /**
   * Nearest-rank percentile of {@code n} values, {@code unchanged} of them 0 and the rest counted in
   * 0.001-wide bins; a bin reports its middle.
   */
  private static double percentile(int[] histogram, long unchanged, long n, double p) {
    long rank = Math.max(1, (long) Math.ceil(p * n));
    if (rank <= unchanged) {
      return 0;
    }
    long seen = unchanged;
    for (int bin = 0; bin < histogram.length; bin++) {
      seen += histogram[bin];
      if (seen >= rank) {
        return (bin + 0.5) / 1000;
      }
    }
    return (histogram.length - 0.5) / 1000;
  }
}
