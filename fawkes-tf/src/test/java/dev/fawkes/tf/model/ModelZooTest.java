package dev.fawkes.tf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.ModelException;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ModelZooTest {
  @Test
  void listsTheBundledRecognisersWithFamilies() {
    assertThat(ModelZoo.recognizers()).extracting(ExtractorSpec::name)
        .containsExactly("faceres", "faceres-deep", "mobileface", "mobilefacenet-tflite");
    assertThat(ModelZoo.families()).containsExactly("hse-faceres", "mobileface", "mobilefacenet");
  }

  @Test
  void buildsEnsemblesFromAllButOneFamily() {
    assertThat(ModelZoo.allButFamily("hse-faceres")).extracting(ExtractorSpec::name)
        .containsExactly("mobileface", "mobilefacenet-tflite");
    assertThatThrownBy(() -> ModelZoo.allButFamily("faceres"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown family 'faceres'");
  }

  @Test
  void unknownNameIsAClearError() {
    assertThatThrownBy(() -> ModelZoo.load("facenet"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("'facenet'")
        .hasMessageContaining("faceres, faceres-deep, mobileface, mobilefacenet-tflite");
  }

  @ParameterizedTest
  @ValueSource(strings = {"faceres", "faceres-deep", "mobileface", "mobilefacenet-tflite"})
  void embedsRealFacesAsUnitVectorsAndBatchingChangesNothing(String name) {
    List<BufferedImage> faces = Faces.canonicalCrops(SharedData.lfwUser("Serena_Williams", 3));
    try (FeatureExtractor extractor = FeatureExtractor.create(ModelZoo.load(name))) {
      float[][] batched = extractor.embed(ImageBatch.of(faces));
      assertThat(batched).hasNumberOfRows(3);
      for (int i = 0; i < 3; i++) {
        float[] single = extractor.embed(ImageBatch.of(List.of(faces.get(i))))[0];
        assertThat(norm(batched[i])).isCloseTo(1.0, within(1e-4));
        for (int j = 0; j < single.length; j++) {
          assertThat(batched[i][j]).isCloseTo(single[j], within(1e-4f));
        }
      }
    }
  }

  @Test
  void extractorRefusesUseAfterCloseAndClosesTwice() {
    FeatureExtractor extractor = FeatureExtractor.create(ModelZoo.load("mobileface"));
    extractor.close();
    extractor.close();
    ImageBatch batch = ImageBatch.of(1, 112, 112, new float[112 * 112 * 3]);
    assertThatThrownBy(() -> extractor.embed(batch))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after close()");
  }

  static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
