package dev.fawkes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ImageBatch;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.GradientCheck;
import dev.fawkes.tf.testing.SharedData;
import org.junit.jupiter.api.Test;

/** The evaluation-only trackers: loaded by the bench, never from the library. */
class TrackersTest {
  @Test
  void noEvaluationTrackerIsBundledAndEachHasItsOwnInput() {
    for (String name : Trackers.names()) {
      assertThat(ModelZoo.recognizers()).noneMatch(s -> s.name().equals(name));
    }
    assertThat(Trackers.template("intel-reid")).contains(FivePointTemplate.INTEL_128);
    assertThat(Trackers.template("foamliu-mfn")).contains(FivePointTemplate.ARCFACE_112);
    assertThat(Trackers.template("fr_feature")).isEmpty();
  }

  @Test
  void frFeatureGivesUnitEmbeddingsForAnyBatchAndIsNotBundled() {
    FaceModel tracker = Trackers.frFeature();
    assertThat(ModelZoo.recognizers()).noneMatch(s -> s.name().equals(tracker.spec().name()));
    ImageBatch faces = ImageBatch.of(Faces.canonicalCrops(SharedData.lfwUser("Serena_Williams", 3)));
    try (FeatureExtractor extractor = FeatureExtractor.create(tracker)) {
      float[][] e = extractor.embed(faces);
      assertThat(e).hasNumberOfRows(3);
      assertThat(e[0]).hasSize(512);
      double norm = 0;
      for (float v : e[0]) {
        norm += v * v;
      }
      assertThat(Math.sqrt(norm)).isBetween(0.999, 1.001);
    }
  }

  @Test
  void frFeatureGradientMatchesFiniteDifferences() {
    ImageBatch face = ImageBatch.of(Faces.canonicalCrops(SharedData.lfwUser("Serena_Williams", 1)));
    ImageBatch target = ImageBatch.of(Faces.canonicalCrops(SharedData.lfwUser("Tony_Blair", 1)));
    for (GradientCheck.Direction d : GradientCheck.run(Trackers.frFeature(), face, target)) {
      assertThat(Math.abs(d.analytic())).isGreaterThan(0.1);
      assertThat(d.relativeError()).as("analytic %s vs finite difference %s", d.analytic(), d.numeric())
          .isLessThan(0.03);
    }
  }
}
