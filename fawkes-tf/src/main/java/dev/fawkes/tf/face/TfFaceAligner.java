package dev.fawkes.tf.face;

import static com.google.common.base.Preconditions.checkArgument;
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
 * <p>The crop is an axis-aligned square around the face, of the smallest of {@link #CROP_SIZES} (up
 * to the aligner's largest) that holds the framing. Where the face fits, the crop is the photo's own
 * pixels, so the cloak is optimized on exactly the pixels that are written back; a larger face is
 * scaled down into the largest crop, and its cloak scaled up on the way out. The extractors cut the
 * framing out of the crop in their graphs. The
 * framing's in-plane rotation is not undone: the models see the face as tilted as it is.
 * Thread-safe; holds native memory until {@link #close()}.
 */
public final class TfFaceAligner implements FaceAligner, AutoCloseable {
  /**
   * Eye (image left), eye (image right), nose tip, mouth centre in units of the canonical crop:
   * BlazeFace's keypoints averaged over the 1,916 images of lfw/users, measured with
   * {@code dev.fawkes.bench.AlignmentTemplate} (again for the two-pass detector, whose keypoints are
   * the mean of its two looks: the eyes came out 0.6 to 0.8% of the crop lower).
   */
  static final double[][] TEMPLATE = {{0.3833, 0.4707}, {0.6203, 0.4642}, {0.5039, 0.6017}, {0.5089, 0.7218}};
  /** Crop sides, ascending; one cloak graph is built per side used. */
  public static final List<Integer> CROP_SIZES = List.of(112, 160, 224, 320, 448, 640);
  /**
   * The default largest crop: twice the ensemble's 112 px input, so that a step costs the same for
   * any face larger than about 200 px. A larger face is optimized scaled down, and its budget is
   * held on the written photo at full resolution (docs/performance.md measures both).
   */
  public static final int DEFAULT_LARGEST_CROP = 224;

  private final FaceDetector detector;
  private final List<Integer> sizes;

  /** An aligner with the default detector and largest crop. */
  public TfFaceAligner() {
    this(new FaceDetector());
  }

  /**
   * An aligner that returns every face, largest first ({@link AlignedFace#largest} picks one), in
   * crops of at most {@link #DEFAULT_LARGEST_CROP} pixels.
   *
   * @param detector finds the faces; closed with this aligner
   */
  public TfFaceAligner(FaceDetector detector) {
    this(detector, DEFAULT_LARGEST_CROP);
  }

  /**
   * An aligner whose crops are at most {@code largestCrop} pixels: larger faces are scaled down
   * into it.
   *
   * @param detector finds the faces; closed with this aligner
   * @param largestCrop one of {@link #CROP_SIZES}
   */
  public TfFaceAligner(FaceDetector detector, int largestCrop) {
    this.detector = checkNotNull(detector, "detector");
    checkArgument(CROP_SIZES.contains(largestCrop), "largestCrop (%s) must be one of %s", largestCrop, CROP_SIZES);
    this.sizes = CROP_SIZES.stream().filter(s -> s <= largestCrop).toList();
  }

  @Override
  public List<AlignedFace> align(BufferedImage photo) {
    checkNotNull(photo, "photo");
    List<FaceDetection> faces = new ArrayList<>(detector.detect(photo));
    faces.sort(Comparator.comparingDouble(FaceDetection::size).reversed());
    List<AlignedFace> aligned = new ArrayList<>();
    for (FaceDetection face : faces) {
      aligned.add(align(photo, face, sizes));
    }
    return aligned;
  }

  /**
   * Cuts one detected face out of the photo: a square of the photo's own pixels around the
   * canonical framing (10% margin), of the smallest of {@link #CROP_SIZES} that holds it. Only a
   * face larger than the largest size is resampled (scaled down) into the crop.
   */
  static AlignedFace align(BufferedImage photo, FaceDetection face, List<Integer> sizes) {
    AffineTransform unitToPhoto = similarity(face.keypoints());
    double side = Math.hypot(unitToPhoto.getScaleX(), unitToPhoto.getShearY());
    double cx = unitToPhoto.getScaleX() * 0.5 + unitToPhoto.getShearX() * 0.5 + unitToPhoto.getTranslateX();
    double cy = unitToPhoto.getShearY() * 0.5 + unitToPhoto.getScaleY() * 0.5 + unitToPhoto.getTranslateY();
    double wanted = side * 1.1;
    int size = sizes.get(sizes.size() - 1);
    for (int s : sizes) {
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
    return new AlignedFace(SimilarityWarp.sampleAveraged(photo, cropToPhoto, size), cropToPhoto, canonical, face.score());
  }

  /** Least-squares similarity (Umeyama) from the template (unit crop) to the detected points. */
  static AffineTransform similarity(List<Point2D> keypoints) {
    return SimilarityWarp.fit(TEMPLATE, keypoints);
  }

  @Override
  public void close() {
    detector.close();
  }
}
