package dev.fawkes;

import static java.util.Objects.requireNonNull;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A face that the application already knows in a photo, from its own detector or its users: a box,
 * and optionally the five landmarks that RetinaFace, MTCNN and InsightFace-style detectors give. An
 * aligner made from known faces (the backend's, e.g. {@code TfFaceAligner.forKnownFaces} in
 * {@code fawkes-tf}) cuts each one out as its own detector would, instead of looking for faces.
 *
 * <p>Coordinates are the photo's pixels, x to the right and y down, of the photo as the cloaker
 * gets it (upright: {@link dev.fawkes.photo.Photos} applies the EXIF orientation when it reads a
 * file). <b>Left and right are the photo's</b>, not the person's: the eye on the photo's left is
 * the person's right eye in a photo that is not mirrored. For a face turned more than 90 degrees in
 * the photo, they are the photo's left and right as the face would be with it turned upright.
 *
 * <p>With landmarks, the alignment follows them and the box only says where the face is; without,
 * the face's framing is placed from the box by a fixed rule, assuming an upright face (see the
 * backend's aligner for the rule). Landmarks align better: give them where the application has them.
 * Dlib's five-point model marks eye corners and no mouth; it is not these five points.
 *
 * <p>Immutable: the constructor and the accessors copy the mutable boxes and points.
 *
 * @param box the face's box in photo pixels, of positive size; for a face made by
 *     {@link #ofLandmarks} the smallest rectangle that holds its landmarks
 * @param landmarks none, or five points in this order: the eye on the photo's left, the eye on the
 *     photo's right, the nose tip, the mouth corner on the photo's left, the mouth corner on the
 *     photo's right; an unmodifiable list
 */
public record KnownFace(Rectangle2D box, List<Point2D> landmarks) {
  /** The number of landmarks of a face given with them: eyes, nose tip, mouth corners. */
  public static final int LANDMARKS = 5;

  private static final String[] NAMES = {"eyeLeftInPhoto", "eyeRightInPhoto", "nose", "mouthLeftInPhoto",
      "mouthRightInPhoto"};

  /**
   * Validates the face and copies its box and points.
   *
   * @param box the face's box in photo pixels
   * @param landmarks none, or the five landmarks in the order of the record's description
   * @throws NullPointerException if the box, the list or a point is null
   * @throws IllegalArgumentException if a coordinate is not finite, the box has no area, there are
   *     neither 0 nor 5 landmarks, the eyes are one point, or the mouth does not lie below the eyes'
   *     line as the face is seen upright (the eyes given in the person's order, not the photo's)
   */
  public KnownFace {
    requireNonNull(box, "box");
    requireNonNull(landmarks, "landmarks");
    if (landmarks.size() != 0 && landmarks.size() != LANDMARKS) {
      throw new IllegalArgumentException("a known face has 0 or " + LANDMARKS + " landmarks (eyes, nose tip, mouth "
          + "corners), got " + landmarks.size() + "; use KnownFace.ofBox without landmarks");
    }
    List<Point2D> copy = new ArrayList<>();
    for (int i = 0; i < landmarks.size(); i++) {
      Point2D p = requireNonNull(landmarks.get(i), NAMES[i]);
      if (!finite(p.getX(), p.getY())) {
        throw new IllegalArgumentException(NAMES[i] + " " + describe(p) + " has a coordinate that is not finite");
      }
      copy.add(new Point2D.Double(p.getX(), p.getY()));
    }
    landmarks = List.copyOf(copy);
    if (!landmarks.isEmpty()) {
      checkEyes(landmarks);
    }
    // After the landmarks: a bad point, not the box made of it, is what ofLandmarks' caller must fix.
    box = new Rectangle2D.Double(box.getX(), box.getY(), box.getWidth(), box.getHeight());
    if (!finite(box.getX(), box.getY(), box.getWidth(), box.getHeight())) {
      throw new IllegalArgumentException("box " + describe(box) + " has a coordinate that is not finite");
    }
    if (!(box.getWidth() > 0 && box.getHeight() > 0)) {
      throw new IllegalArgumentException("box " + describe(box) + " must have a positive width and height");
    }
  }

  /**
   * A face known by its box alone.
   *
   * @param box the face's box in photo pixels, of positive size
   * @return the face
   * @throws NullPointerException if the box is null
   * @throws IllegalArgumentException if a coordinate is not finite or the box has no area
   */
  public static KnownFace ofBox(Rectangle2D box) {
    return new KnownFace(box, List.of());
  }

  /**
   * A face known by its five landmarks; its box is the smallest rectangle that holds them.
   *
   * @param eyeLeftInPhoto the eye on the photo's left (the person's right eye)
   * @param eyeRightInPhoto the eye on the photo's right (the person's left eye)
   * @param nose the nose tip
   * @param mouthLeftInPhoto the mouth corner on the photo's left
   * @param mouthRightInPhoto the mouth corner on the photo's right
   * @return the face
   * @throws NullPointerException if a point is null
   * @throws IllegalArgumentException if a coordinate is not finite, the eyes are one point, or the
   *     mouth does not lie below the eyes' line as the face is seen upright
   */
  public static KnownFace ofLandmarks(Point2D eyeLeftInPhoto, Point2D eyeRightInPhoto, Point2D nose,
      Point2D mouthLeftInPhoto, Point2D mouthRightInPhoto) {
    List<Point2D> points = Arrays.asList(eyeLeftInPhoto, eyeRightInPhoto, nose, mouthLeftInPhoto, mouthRightInPhoto);
    for (int i = 0; i < LANDMARKS; i++) {
      requireNonNull(points.get(i), NAMES[i]);
    }
    Rectangle2D bounds = new Rectangle2D.Double(eyeLeftInPhoto.getX(), eyeLeftInPhoto.getY(), 0, 0);
    points.forEach(bounds::add);
    return new KnownFace(bounds, points);
  }

  /** {@return whether the face has its five landmarks} */
  public boolean hasLandmarks() {
    return !landmarks.isEmpty();
  }

  /** {@return a copy of the face's box, in photo pixels} */
  @Override
  public Rectangle2D box() {
    return (Rectangle2D) box.clone();
  }

  /** {@return copies of the landmarks, in the record's order; empty for a face known by its box} */
  @Override
  public List<Point2D> landmarks() {
    return landmarks.stream().map(p -> (Point2D) new Point2D.Double(p.getX(), p.getY())).toList();
  }

  /**
   * {@return the face as messages name it: {@code KnownFace[box [x 10.0, y 20.0, 90.0x110.0]]}, with
   * the landmarks' coordinates after the box where it has them}
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("KnownFace[box ").append(describe(box));
    if (!landmarks.isEmpty()) {
      s.append(", landmarks");
      landmarks.forEach(p -> s.append(' ').append(describe(p)));
    }
    return s.append(']').toString();
  }

  /**
   * The eyes must be two points and the mouth's centre must lie on the chin's side of the line from
   * the photo's left eye to its right eye; a face given with the eyes in the person's order (or
   * mirrored) fails here instead of being aligned upside down.
   */
  private static void checkEyes(List<Point2D> p) {
    double ex = p.get(1).getX() - p.get(0).getX();
    double ey = p.get(1).getY() - p.get(0).getY();
    if (ex == 0 && ey == 0) {
      throw new IllegalArgumentException("eyeLeftInPhoto and eyeRightInPhoto are one point " + describe(p.get(0))
          + "; give the centres of the two eyes");
    }
    double mx = (p.get(3).getX() + p.get(4).getX()) / 2 - p.get(0).getX();
    double my = (p.get(3).getY() + p.get(4).getY()) / 2 - p.get(0).getY();
    // y points down: for an upright face, eyes left to right and mouth below give a positive cross product.
    if (ex * my - ey * mx <= 0) {
      throw new IllegalArgumentException("the mouth (centre " + describe(new Point2D.Double(mx + p.get(0).getX(),
          my + p.get(0).getY())) + ") must lie below the line from eyeLeftInPhoto " + describe(p.get(0))
          + " to eyeRightInPhoto " + describe(p.get(1)) + " as the face is seen upright; give the eye on the "
          + "photo's left first (the person's right eye), not the person's left");
    }
  }

  private static boolean finite(double... values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Point2D p) {
    return "(" + p.getX() + ", " + p.getY() + ")";
  }

  private static String describe(Rectangle2D box) {
    return "[x " + box.getX() + ", y " + box.getY() + ", " + box.getWidth() + "x" + box.getHeight() + "]";
  }
}
