package dev.fawkes.tf.face;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Maps a face onto a template of landmark positions: the least-squares similarity (rotation, uniform
 * scale, shift) from the template to detected points, and the bilinear resampling of a photo through
 * it. {@link TfFaceAligner} places the canonical framing with it; an evaluation's tracker can align
 * faces to its own model's template with it. Stateless and thread-safe.
 */
public final class SimilarityWarp {
  private SimilarityWarp() {}

  /**
   * The least-squares similarity (Umeyama, no reflection) that takes {@code template[i]} closest to
   * {@code points.get(i)}.
   *
   * @param template the template's points as {x, y}, in the crop's units
   * @param points the detected points in photo pixels, at least as many as the template has
   * @return the transform from template (crop) coordinates to photo coordinates
   */
  public static AffineTransform fit(double[][] template, List<Point2D> points) {
    int n = template.length;
    checkArgument(n >= 2 && points.size() >= n, "%s template points need as many detected points, got %s", n,
        points.size());
    double sx = 0;
    double sy = 0;
    double dx = 0;
    double dy = 0;
    for (int i = 0; i < n; i++) {
      sx += template[i][0] / n;
      sy += template[i][1] / n;
      dx += points.get(i).getX() / n;
      dy += points.get(i).getY() / n;
    }
    double a = 0;
    double b = 0;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      double ux = template[i][0] - sx;
      double uy = template[i][1] - sy;
      double vx = points.get(i).getX() - dx;
      double vy = points.get(i).getY() - dy;
      a += ux * vx + uy * vy;
      b += ux * vy - uy * vx;
      norm += ux * ux + uy * uy;
    }
    double c = a / norm; // s cos(theta)
    double s = b / norm; // s sin(theta)
    return new AffineTransform(c, s, -s, c, dx - (c * sx - s * sy), dy - (s * sx + c * sy));
  }

  /** Most samples per crop pixel in each direction when the crop shrinks the photo. */
  private static final int MAX_SUPERSAMPLING = 8;

  /**
   * Bilinear resampling of the photo into a {@code size} x {@code size} crop, one sample at each
   * pixel centre, as common alignment code does; outside the photo, edge pixels repeat.
   *
   * @param photo the photo to sample
   * @param cropToPhoto maps crop coordinates to photo coordinates
   * @param size the crop's side in pixels
   * @return a TYPE_INT_RGB crop
   */
  public static BufferedImage sample(BufferedImage photo, AffineTransform cropToPhoto, int size) {
    return sample(photo, cropToPhoto, size, 1);
  }

  /**
   * As {@link #sample}, but where the crop shrinks the photo (more than one photo pixel per crop
   * pixel) each crop pixel averages a grid of bilinear samples over its footprint (up to 8 x 8), so
   * that a large face is not aliased: what the cloak optimizes and measures on.
   *
   * @param photo the photo to sample
   * @param cropToPhoto maps crop coordinates to photo coordinates
   * @param size the crop's side in pixels
   * @return a TYPE_INT_RGB crop
   */
  public static BufferedImage sampleAveraged(BufferedImage photo, AffineTransform cropToPhoto, int size) {
    double scale = Math.hypot(cropToPhoto.getScaleX(), cropToPhoto.getShearY());
    return sample(photo, cropToPhoto, size, (int) Math.max(1, Math.min(MAX_SUPERSAMPLING, Math.ceil(scale - 1e-9))));
  }

  private static BufferedImage sample(BufferedImage photo, AffineTransform cropToPhoto, int size, int n) {
    BufferedImage crop = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Point2D.Double p = new Point2D.Double();
    double[] sum = new double[3];
    int[] row = new int[size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        sum[0] = sum[1] = sum[2] = 0;
        for (int j = 0; j < n; j++) {
          for (int i = 0; i < n; i++) {
            p.setLocation(x + (i + 0.5) / n, y + (j + 0.5) / n);
            cropToPhoto.transform(p, p);
            bilinear(photo, p.x - 0.5, p.y - 0.5, sum);
          }
        }
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          rgb |= ((int) Math.round(sum[c] / (n * n))) << (16 - 8 * c);
        }
        row[x] = rgb;
      }
      crop.setRGB(0, y, size, 1, row, 0, size);
    }
    return crop;
  }

  /** Adds the bilinear sample of the photo at (x, y), edges clamped, to {@code sum} (R, G, B). */
  private static void bilinear(BufferedImage photo, double x, double y, double[] sum) {
    int w = photo.getWidth();
    int h = photo.getHeight();
    double fx = Math.max(0, Math.min(w - 1, x));
    double fy = Math.max(0, Math.min(h - 1, y));
    int x0 = (int) fx;
    int y0 = (int) fy;
    int x1 = Math.min(w - 1, x0 + 1);
    int y1 = Math.min(h - 1, y0 + 1);
    double ax = fx - x0;
    double ay = fy - y0;
    int c00 = photo.getRGB(x0, y0);
    int c10 = photo.getRGB(x1, y0);
    int c01 = photo.getRGB(x0, y1);
    int c11 = photo.getRGB(x1, y1);
    for (int c = 0; c < 3; c++) {
      int shift = 16 - 8 * c;
      sum[c] += ((c00 >> shift) & 0xff) * (1 - ax) * (1 - ay) + ((c10 >> shift) & 0xff) * ax * (1 - ay)
          + ((c01 >> shift) & 0xff) * (1 - ax) * ay + ((c11 >> shift) & 0xff) * ax * ay;
    }
  }
}
