package dev.fawkes.tf.face;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.AlignedFace;
import dev.fawkes.FaceAligner;
import dev.fawkes.KnownFace;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The default {@link FaceAligner}: finds faces with {@link FaceDetector} and places each one's
 * canonical framing (the face as framed in a deep-funneled LFW image) with a similarity transform
 * fitted to eyes, nose and mouth (least squares). For faces the application already knows,
 * {@link #forKnownFaces} makes an aligner that cuts them the same way without detecting.
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
    this.sizes = sizesUpTo(largestCrop);
  }

  @Override
  public List<AlignedFace> align(BufferedImage photo) {
    checkNotNull(photo, "photo");
    List<FaceDetection> faces = new ArrayList<>(detector.detect(photo));
    faces.sort(Comparator.comparingDouble(FaceDetection::size).reversed());
    List<AlignedFace> aligned = new ArrayList<>();
    for (FaceDetection face : faces) {
      aligned.add(align(photo, similarity(face.keypoints()), face.score(), sizes));
    }
    return aligned;
  }

  /**
   * Cuts one face out of the photo: a square of the photo's own pixels around the canonical
   * framing (10% margin), of the smallest of {@code sizes} that holds it. Only a face larger than
   * the largest size is resampled (scaled down) into the crop. Both ways of finding a face, the
   * detector's and the application's ({@link #forKnownFaces}), cut it here.
   *
   * @param unitToPhoto maps the canonical framing's unit square onto the photo
   * @param score the detector's confidence, 1 where the application knew the face
   */
  static AlignedFace align(BufferedImage photo, AffineTransform unitToPhoto, double score, List<Integer> sizes) {
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
    return new AlignedFace(SimilarityWarp.sampleAveraged(photo, cropToPhoto, size), cropToPhoto, canonical, score);
  }

  /**
   * Least-squares similarity (Umeyama) from the template (unit crop) to the detected points: the
   * first four of {@code keypoints}, in the template's order (eyes, nose tip, mouth centre).
   */
  static AffineTransform similarity(List<Point2D> keypoints) {
    return SimilarityWarp.fit(TEMPLATE, keypoints);
  }

  /**
   * An aligner for faces the application already knows: for each photo it asks {@code faces} for
   * the photo's faces, and cuts each out as this aligner cuts a detected one, in the same crops
   * (largest {@link #DEFAULT_LARGEST_CROP}) around the same canonical framing, with score 1. No
   * detector runs; a photo for which {@code faces} returns an empty list has no face and comes
   * back from the cloaker unchanged.
   *
   * <ul>
   *   <li>A face with {@linkplain KnownFace#landmarks() landmarks} is placed as a detected one: the
   *       same least-squares similarity maps the template's eyes, nose tip and mouth centre onto its
   *       eyes, nose tip and the midpoint of its mouth corners (BlazeFace marks the mouth's centre).
   *   <li>A face known by its box alone is framed upright from the box by a rule measured between
   *       BlazeFace's boxes and the canonical framing on 310 faces of lfw/users: the framing's
   *       side is 1.732 times the box's (1 / 0.5773; the geometric mean of its width and height),
   *       and the box's centre lies at 0.505, 0.601 of the framing (docs/architecture.md, "Faces
   *       your app already knows", has the measurement). On those faces it frames a face, on
   *       average, 6% of its side off in x, 2-3% in y and in size, from where BlazeFace's keypoints
   *       do. A box drawn more loosely or more tightly than BlazeFace's (detectors differ in how
   *       much forehead and chin they take) frames the face larger or smaller by as much;
   *       landmarks do not depend on how a detector draws its box.
   * </ul>
   *
   * <p>{@code faces} gets the photo the cloaker works on: the very instance the caller passed where
   * it is TYPE_INT_RGB or TYPE_INT_ARGB, as {@link dev.fawkes.photo.Photos} reads photos, so that an
   * {@link java.util.IdentityHashMap} from photo to faces works; other types are converted to a
   * copy first ({@link dev.fawkes.photo.Photos#toRgb}), so convert them before cloaking to keep
   * them apart. It is called once per photo in each cloak or target choice, and, at creation, for
   * each photo of a {@linkplain dev.fawkes.CloakConfig#targetPool() target pool folder}.
   *
   * <p>The factory is here, not behind {@link dev.fawkes.Cloakers}: the template, the box rule and
   * the crop sizes are this backend's, measured with its detector and matched to its graphs, while
   * what the application gives, {@link KnownFace}, and what the cloaker takes, {@link FaceAligner},
   * are engine-neutral already; so the SPI needs no method that every backend would have to serve.
   *
   * <p>The aligner holds no native memory and needs no closing; it is thread-safe where
   * {@code faces} is (it keeps no state of its own).
   *
   * <pre>{@code
   * FaceAligner known = TfFaceAligner.forKnownFaces(photo -> facesOf.getOrDefault(photo, List.of()));
   * try (Cloaker cloaker = Cloakers.create(CloakConfig.preset(Preset.MID), known)) {
   *   CloakResult result = cloaker.cloak(photo);
   * }
   * }</pre>
   *
   * @param faces gives the faces the application knows in a photo, largest or not, in any order;
   *     an empty list where it knows none
   * @return the aligner; its {@code align} returns the faces largest first, and throws
   *     {@link dev.fawkes.ImageException} where {@code faces} returns null or a null face, or a
   *     face's box lies mostly (more than half its area) outside the photo; the message names the
   *     photo's size and the box
   * @throws NullPointerException if {@code faces} is null
   */
  public static FaceAligner forKnownFaces(Function<BufferedImage, List<KnownFace>> faces) {
    return new KnownFaceAligner(faces, sizesUpTo(DEFAULT_LARGEST_CROP));
  }

  private static List<Integer> sizesUpTo(int largestCrop) {
    return CROP_SIZES.stream().filter(s -> s <= largestCrop).toList();
  }

  @Override
  public void close() {
    detector.close();
  }
}
