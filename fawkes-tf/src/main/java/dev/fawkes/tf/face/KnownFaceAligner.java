package dev.fawkes.tf.face;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.AlignedFace;
import dev.fawkes.FaceAligner;
import dev.fawkes.ImageException;
import dev.fawkes.KnownFace;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The aligner of {@link TfFaceAligner#forKnownFaces}: the application's faces instead of the
 * detector's, cut by {@link TfFaceAligner}'s own code. Stateless; thread-safe where the function is.
 */
final class KnownFaceAligner implements FaceAligner {
  /**
   * Where BlazeFace's box lies in the canonical framing, in units of the framing's side: its centre's
   * x and y, and its side (the boxes are square). Means over the 310 faces of the first 5 photos of
   * each person of lfw/users, measured with {@code fawkes-lab alignment-template --per-person 5}
   * (deep-funneled LFW images are framed canonically: the framing is {@link dev.fawkes.tf.model.LfwBox}
   * there); standard deviations 0.064, 0.028 and 0.047. On those faces the framing this rule gives
   * from BlazeFace's box is off the framing its keypoints give by 6.0% of the side in x, 2.3% in y
   * and 2.7% in side, on average (off the LfwBox by 5.1%, 2.2% and 6.0%, where the keypoints'
   * framing is off by 1.1%, 0.9% and 6.1%): a box knows nothing of where the face looks.
   */
  static final double BOX_CENTRE_X = 0.5053;
  /** See {@link #BOX_CENTRE_X}. */
  static final double BOX_CENTRE_Y = 0.6009;
  /** See {@link #BOX_CENTRE_X}. */
  static final double BOX_SIDE = 0.5773;
  /** A face's box must have at least this fraction of its area inside the photo. */
  private static final double MIN_INSIDE = 0.5;

  private final Function<BufferedImage, List<KnownFace>> faces;
  private final List<Integer> sizes;

  KnownFaceAligner(Function<BufferedImage, List<KnownFace>> faces, List<Integer> sizes) {
    this.faces = checkNotNull(faces, "faces");
    this.sizes = sizes;
  }

  @Override
  public List<AlignedFace> align(BufferedImage photo) {
    checkNotNull(photo, "photo");
    String size = photo.getWidth() + "x" + photo.getHeight();
    List<KnownFace> known = faces.apply(photo);
    if (known == null) {
      throw new ImageException("The known-faces function returned null for a " + size + " photo; return an "
          + "empty list for a photo in which the application knows no face");
    }
    Rectangle2D bounds = new Rectangle2D.Double(0, 0, photo.getWidth(), photo.getHeight());
    List<AlignedFace> aligned = new ArrayList<>();
    for (int i = 0; i < known.size(); i++) {
      KnownFace face = known.get(i);
      if (face == null) {
        throw new ImageException("The known-faces function returned a null face (number " + (i + 1) + " of "
            + known.size() + ") for a " + size + " photo; leave faces it does not know out of the list");
      }
      double inside = FaceDetection.insideFraction(face.box(), bounds);
      if (inside < MIN_INSIDE) {
        throw new ImageException(String.format(Locale.ROOT, "Known face %s lies mostly outside the %s photo "
            + "(%.0f%% of its box inside, at least %.0f%% needed); give faces in the pixels of the photo as the "
            + "cloaker gets it, upright after its EXIF orientation", face, size, 100 * inside, 100 * MIN_INSIDE));
      }
      aligned.add(TfFaceAligner.align(photo, unitToPhoto(face), 1, sizes));
    }
    aligned.sort(Comparator.comparingDouble(AlignedFace::sideInPhoto).reversed());
    return aligned;
  }

  /**
   * Maps the canonical framing's unit square onto the photo: fitted to the landmarks (the mouth's
   * centre is the midpoint of its corners, as BlazeFace marks it), or upright from the box.
   */
  static AffineTransform unitToPhoto(KnownFace face) {
    if (face.hasLandmarks()) {
      List<Point2D> p = face.landmarks();
      Point2D mouth = new Point2D.Double((p.get(3).getX() + p.get(4).getX()) / 2, (p.get(3).getY() + p.get(4).getY()) / 2);
      return TfFaceAligner.similarity(List.of(p.get(0), p.get(1), p.get(2), mouth));
    }
    Rectangle2D box = face.box();
    // BlazeFace's boxes are square; a box of another aspect counts both sides (their geometric mean).
    double side = Math.sqrt(box.getWidth() * box.getHeight()) / BOX_SIDE;
    return new AffineTransform(side, 0, 0, side, box.getCenterX() - BOX_CENTRE_X * side,
        box.getCenterY() - BOX_CENTRE_Y * side);
  }
}
