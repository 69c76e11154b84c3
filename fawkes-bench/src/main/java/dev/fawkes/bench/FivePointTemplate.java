package dev.fawkes.bench;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fawkes.tf.face.FaceDetection;
import dev.fawkes.tf.face.SimilarityWarp;
import java.awt.image.BufferedImage;

/**
 * A recogniser's own alignment: where its training pipeline put the eyes, the nose tip and the mouth
 * corners in its square input, as published with the model. A tracker that uses it maps a detected
 * face onto these points with a similarity transform (rotation, scale, shift), so it frames faces as
 * the model was trained, not as the cloak does. BlazeFace finds the mouth's centre, not its corners,
 * so the fit uses four points: both eyes, the nose tip and the midpoint of the template's corners.
 * Immutable.
 *
 * @param size the side of the aligned crop, the model's input
 * @param points the five points in pixels of the crop: eye on the image's left, eye on the image's
 *     right, nose tip, mouth corner on the image's left, mouth corner on the image's right (x, y each)
 */
public record FivePointTemplate(int size, double[] points) {
  /** Intel's template of {@code face-reidentification-retail-0095}, a 128 px crop (its model card). */
  public static final FivePointTemplate INTEL_128 = fractions(128,
      0.3156, 0.4616, 0.6826, 0.4616, 0.5003, 0.6405, 0.3495, 0.8247, 0.6534, 0.8247);
  /** The ArcFace template of the InsightFace pipeline, a 112 px crop, as MS1M models were trained. */
  public static final FivePointTemplate ARCFACE_112 = new FivePointTemplate(112, new double[] {
      38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041});

  /** Validates and copies. */
  public FivePointTemplate {
    checkArgument(size >= 16, "size (%s) must be at least 16", size);
    checkArgument(points.length == 10, "a five-point template has 10 coordinates, not %s", points.length);
    points = points.clone();
  }

  private static FivePointTemplate fractions(int size, double... f) {
    double[] p = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      p[i] = f[i] * size;
    }
    return new FivePointTemplate(size, p);
  }

  @Override
  public double[] points() {
    return points.clone();
  }

  /**
   * The face cut out of {@code photo} and mapped onto the template, bilinear, edges repeated.
   *
   * @param face a detection in {@code photo}'s pixel coordinates
   * @return a TYPE_INT_RGB image of {@link #size} pixels square
   */
  public BufferedImage align(BufferedImage photo, FaceDetection face) {
    return SimilarityWarp.sample(photo, SimilarityWarp.fit(fitted(), face.keypoints()), size);
  }

  /** The four points the fit uses: both eyes, the nose tip and the midpoint of the mouth corners. */
  double[][] fitted() {
    return new double[][] {{points[0], points[1]}, {points[2], points[3]}, {points[4], points[5]},
        {(points[6] + points[8]) / 2, (points[7] + points[9]) / 2}};
  }
}
