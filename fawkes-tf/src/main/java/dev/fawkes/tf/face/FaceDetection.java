package dev.fawkes.tf.face;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * A face found in a photo, in the photo's pixel coordinates.
 *
 * @param box the face's bounding box
 * @param keypoints six points, in BlazeFace's order: the eye on the image's left, the eye on the
 *     image's right, nose tip, mouth centre, the ear on the image's left, the ear on the image's right
 * @param score the detector's confidence in [0, 1]
 */
public record FaceDetection(Rectangle2D box, List<Point2D> keypoints, double score) {
  /**
   * Validates the fields and copies them, as the accessors do: boxes and points are mutable.
   *
   * @param box the face's bounding box
   * @param keypoints six points, in BlazeFace's order
   * @param score the detector's confidence in [0, 1]
   * @throws IllegalArgumentException if there are not six keypoints
   */
  public FaceDetection {
    checkNotNull(box, "box");
    checkNotNull(keypoints, "keypoints");
    checkArgument(keypoints.size() == BlazeFace.KEYPOINTS, "keypoints has %s points, a detection has %s",
        keypoints.size(), BlazeFace.KEYPOINTS);
    box = (Rectangle2D) box.clone();
    keypoints = copy(keypoints);
  }

  /**
   * The face's bounding box.
   *
   * @return a copy, in the photo's pixel coordinates
   */
  @Override
  public Rectangle2D box() {
    return (Rectangle2D) box.clone();
  }

  /**
   * The six keypoints, in BlazeFace's order.
   *
   * @return an unmodifiable list of copies, in the photo's pixel coordinates
   */
  @Override
  public List<Point2D> keypoints() {
    return copy(keypoints);
  }

  private static List<Point2D> copy(List<Point2D> points) {
    return points.stream().map(p -> (Point2D) new Point2D.Double(p.getX(), p.getY())).toList();
  }

  /**
   * The side of the box's larger dimension.
   *
   * @return the larger of the box's width and height, in pixels
   */
  public double size() {
    return Math.max(box.getWidth(), box.getHeight());
  }

  /** The fraction of {@code inner}'s area that lies inside {@code outer}. */
  static double insideFraction(Rectangle2D inner, Rectangle2D outer) {
    Rectangle2D i = inner.createIntersection(outer);
    if (i.getWidth() <= 0 || i.getHeight() <= 0) {
      return 0;
    }
    return i.getWidth() * i.getHeight() / (inner.getWidth() * inner.getHeight());
  }

  /** Intersection over union of two boxes. */
  static double iou(Rectangle2D a, Rectangle2D b) {
    Rectangle2D i = a.createIntersection(b);
    if (i.getWidth() <= 0 || i.getHeight() <= 0) {
      return 0;
    }
    double inter = i.getWidth() * i.getHeight();
    return inter / (a.getWidth() * a.getHeight() + b.getWidth() * b.getHeight() - inter);
  }
}
