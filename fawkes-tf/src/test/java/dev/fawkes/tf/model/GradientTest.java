package dev.fawkes.tf.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.GradientCheck;
import dev.fawkes.tf.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The graph's gradient of an embedding distance with respect to the input image must match central
 * finite differences, on a real face: the cloak optimizer depends on it.
 */
class GradientTest {
  @ParameterizedTest
  @ValueSource(strings = {"faceres", "faceres-deep", "mobileface", "mobilefacenet-tflite"})
  void inputGradientOfEmbeddingDistanceMatchesFiniteDifferences(String name) {
    ImageBatch face = ImageBatch.of(Faces.canonicalCrops(SharedData.lfwUser("Serena_Williams", 1)));
    ImageBatch target = ImageBatch.of(Faces.canonicalCrops(SharedData.lfwUser("Tony_Blair", 1)));
    for (GradientCheck.Direction d : GradientCheck.run(ModelZoo.load(name), face, target)) {
      assertThat(Math.abs(d.analytic())).as("%s directional derivative", name).isGreaterThan(0.1);
      assertThat(d.relativeError()).as("%s: analytic %s vs finite difference %s", name, d.analytic(), d.numeric())
          .isLessThan(0.03);
    }
  }
}
