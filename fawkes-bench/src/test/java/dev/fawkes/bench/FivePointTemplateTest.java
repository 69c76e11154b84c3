package dev.fawkes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.photo.Photos;
import dev.fawkes.tf.face.FaceDetection;
import dev.fawkes.tf.face.FaceDetector;
import dev.fawkes.tf.face.SimilarityWarp;
import dev.fawkes.tf.testing.SharedData;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The trackers' own alignment: a detected face mapped onto a published template. */
class FivePointTemplateTest {
  @Test
  void theFitRecoversAKnownRotationScaleAndShift() {
    double angle = 0.3;
    double scale = 1.7;
    double[][] template = FivePointTemplate.ARCFACE_112.fitted();
    List<Point2D> detected = new java.util.ArrayList<>();
    for (double[] t : template) {
      detected.add(new Point2D.Double(scale * (Math.cos(angle) * t[0] - Math.sin(angle) * t[1]) + 5,
          scale * (Math.sin(angle) * t[0] + Math.cos(angle) * t[1]) - 7));
    }
    AffineTransform fit = SimilarityWarp.fit(template, detected);
    assertThat(fit.getScaleX()).isCloseTo(scale * Math.cos(angle), within(1e-9));
    assertThat(fit.getShearY()).isCloseTo(scale * Math.sin(angle), within(1e-9));
    assertThat(fit.getTranslateX()).isCloseTo(5, within(1e-9));
    assertThat(fit.getTranslateY()).isCloseTo(-7, within(1e-9));
  }

  /**
   * The detected eyes and nose land on the template's: the fit places real faces as the model's
   * training did (a face of other proportions than the template would leave large residuals).
   */
  @ParameterizedTest
  @ValueSource(strings = {"intel", "arcface"})
  void detectedLandmarksLandOnTheTemplate(String which) throws Exception {
    FivePointTemplate template = which.equals("intel") ? FivePointTemplate.INTEL_128 : FivePointTemplate.ARCFACE_112;
    double[] p = template.points();
    try (FaceDetector detector = new FaceDetector()) {
      for (var file : SharedData.lfwUser("Serena_Williams", 5)) {
        BufferedImage photo = Photos.readImage(file);
        FaceDetection face = detector.detect(photo).get(0);
        AffineTransform cropToPhoto = SimilarityWarp.fit(template.fitted(), face.keypoints());
        assertThat(template.align(photo, face).getWidth()).isEqualTo(template.size());
        double tolerance = 0.04 * template.size();
        for (int i = 0; i < 3; i++) {
          Point2D inCrop = cropToPhoto.inverseTransform(face.keypoints().get(i), null);
          assertThat(inCrop.getX()).as("x of point %s of %s", i, file.getFileName()).isCloseTo(p[2 * i], within(tolerance));
          assertThat(inCrop.getY()).as("y of point %s of %s", i, file.getFileName()).isCloseTo(p[2 * i + 1], within(tolerance));
        }
      }
    }
  }
}
