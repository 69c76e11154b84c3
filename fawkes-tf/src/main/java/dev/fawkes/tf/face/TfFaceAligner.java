package dev.fawkes.tf.face;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.AlignedFace;
import dev.fawkes.FaceAligner;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The default {@link FaceAligner}: finds faces with {@link FaceDetector} and places each one's
 * canonical framing (the face as framed in a deep-funneled LFW image) with a similarity transform
 * fitted to eyes, nose and mouth (least squares).
 *
 * <p>The crop is the photo's own pixels: an axis-aligned square around the face, of the smallest
 * of {@link #CROP_SIZES} that holds the framing, so the cloak is optimized on exactly the pixels
 * that are written back, with no resampling on the way out. The extractors cut the framing out of
 * the crop in their graphs. Only faces larger than the largest crop are scaled down into it. The
 * framing's in-plane rotation is not undone: the models see the face as tilted as it is.
 * Thread-safe; holds native memory until {@link #close()}.
 */
public final class TfFaceAligner implements FaceAligner, AutoCloseable {
  /**
   * Eye (image left), eye (image right), nose tip, mouth centre in units of the canonical crop:
   * BlazeFace's keypoints averaged over the 1,916 images of lfw/users, measured with
   * {@code dev.fawkes.bench.AlignmentTemplate}.
   */
  static final double[][] TEMPLATE = {{0.3804, 0.4628}, {0.6190, 0.4585}, {0.5012, 0.5977}, {0.5042, 0.7252}};
  /** Crop sides, ascending; one cloak graph is built per side used. */
  public static final List<Integer> CROP_SIZES = List.of(112, 160, 224, 320, 448, 640);

  private final FaceDetector detector;

  /** An aligner with the default detector. */
  public TfFaceAligner() {
    this(new FaceDetector());
  }

  /**
   * An aligner that returns every face, largest first; {@link AlignedFace#largest} picks one.
   *
   * @param detector finds the faces; closed with this aligner
   */
  public TfFaceAligner(FaceDetector detector) {
    this.detector = checkNotNull(detector, "detector");
  }

  @Override
  public List<AlignedFace> align(BufferedImage photo) {
    checkNotNull(photo, "photo");
    List<FaceDetection> faces = new ArrayList<>(detector.detect(photo));
    faces.sort(Comparator.comparingDouble(FaceDetection::size).reversed());
    List<AlignedFace> aligned = new ArrayList<>();
    for (FaceDetection face : faces) {
      aligned.add(align(photo, face));
    }
    return aligned;
  }

  /**
   * Cuts one detected face out of the photo: a square of the photo's own pixels around the
   * canonical framing (10% margin), of the smallest of {@link #CROP_SIZES} that holds it. Only a
   * face larger than the largest size is resampled (scaled down) into the crop.
   */
  static AlignedFace align(BufferedImage photo, FaceDetection face) {
    AffineTransform unitToPhoto = similarity(face.keypoints());
    double side = Math.hypot(unitToPhoto.getScaleX(), unitToPhoto.getShearY());
    double cx = unitToPhoto.getScaleX() * 0.5 + unitToPhoto.getShearX() * 0.5 + unitToPhoto.getTranslateX();
    double cy = unitToPhoto.getShearY() * 0.5 + unitToPhoto.getScaleY() * 0.5 + unitToPhoto.getTranslateY();
    double wanted = side * 1.1;
    int size = CROP_SIZES.get(CROP_SIZES.size() - 1);
    for (int s : CROP_SIZES) {
      if (s >= wanted) {
        size = s;
        break;
      }
    }
    double scale = Math.max(1, wanted / size); // photo pixels per crop pixel
    double x0 = cx - size * scale / 2;
    double y0 = cy - size * scale / 2;
    if (scale == 1) { // on the pixel grid: the crop is a plain copy, pasted back exactly
      x0 = Math.round(x0);
      y0 = Math.round(y0);
    }
    AffineTransform cropToPhoto = new AffineTransform(scale, 0, 0, scale, x0, y0);
    double half = side / scale / 2;
    Rectangle2D canonical = new Rectangle2D.Double((cx - x0) / scale - half, (cy - y0) / scale - half, 2 * half, 2 * half);
    return new AlignedFace(sample(photo, cropToPhoto, size), cropToPhoto, canonical, face.score());
  }

  /** Least-squares similarity (Umeyama) from the template (unit crop) to the detected points. */
  static AffineTransform similarity(List<Point2D> keypoints) {
    int n = TEMPLATE.length;
    double sx = 0;
    double sy = 0;
    double dx = 0;
    double dy = 0;
    for (int i = 0; i < n; i++) {
      sx += TEMPLATE[i][0] / n;
      sy += TEMPLATE[i][1] / n;
      dx += keypoints.get(i).getX() / n;
      dy += keypoints.get(i).getY() / n;
    }
    double a = 0;
    double b = 0;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      double ux = TEMPLATE[i][0] - sx;
      double uy = TEMPLATE[i][1] - sy;
      double vx = keypoints.get(i).getX() - dx;
      double vy = keypoints.get(i).getY() - dy;
      a += ux * vx + uy * vy;
      b += ux * vy - uy * vx;
      norm += ux * ux + uy * uy;
    }
    double c = a / norm; // s cos(theta)
    double s = b / norm; // s sin(theta)
    return new AffineTransform(c, s, -s, c, dx - (c * sx - s * sy), dy - (s * sx + c * sy));
  }

  /** Bilinear resampling of the photo into a size x size crop; outside the photo, edge pixels repeat. */
  private static BufferedImage sample(BufferedImage photo, AffineTransform cropToPhoto, int size) {
    BufferedImage crop = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int w = photo.getWidth();
    int h = photo.getHeight();
    Point2D.Double p = new Point2D.Double();
    int[] row = new int[size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        p.setLocation(x + 0.5, y + 0.5);
        cropToPhoto.transform(p, p);
        double fx = Math.max(0, Math.min(w - 1, p.x - 0.5));
        double fy = Math.max(0, Math.min(h - 1, p.y - 0.5));
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
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          double v = ((c00 >> shift) & 0xff) * (1 - ax) * (1 - ay) + ((c10 >> shift) & 0xff) * ax * (1 - ay)
              + ((c01 >> shift) & 0xff) * (1 - ax) * ay + ((c11 >> shift) & 0xff) * ax * ay;
          rgb |= ((int) Math.round(v)) << shift;
        }
        row[x] = rgb;
      }
      crop.setRGB(0, y, size, 1, row, 0, size);
    }
    return crop;
  }

  @Override
  public void close() {
    detector.close();
  }
}
