package dev.fawkes.quality;

import static java.util.Objects.requireNonNull;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Arrays;

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
 *       colour difference in CIELAB (sRGB, D65), nearest-rank.
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
  /** About one just-noticeable difference in CIE76 ΔE. */
  public static final double JND = 2.3;

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
    Rectangle central = centralHalf(inside);
    ImageQuality.SsimMap map = ImageQuality.ssimMap(original, changed, inside);
    int n = inside.width * inside.height;
    double[] deltaE = new double[n];
    int[] a = original.getRGB(inside.x, inside.y, inside.width, inside.height, null, 0, inside.width);
    int[] b = changed.getRGB(inside.x, inside.y, inside.width, inside.height, null, 0, inside.width);
    int above = 0;
    int maxLevel = 0;
    for (int i = 0; i < n; i++) {
      deltaE[i] = a[i] == b[i] ? 0 : Cielab.deltaE76(a[i], b[i]);
      above += deltaE[i] > JND ? 1 : 0;
      for (int shift = 0; shift < 24; shift += 8) {
        maxLevel = Math.max(maxLevel, Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff)));
      }
    }
    Arrays.sort(deltaE);
    return new Visibility((1 - map.mean(inside)) / 2, (1 - map.mean(central)) / 2, percentile(deltaE, 0.95),
        percentile(deltaE, 0.99), (double) above / n, maxLevel);
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

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
