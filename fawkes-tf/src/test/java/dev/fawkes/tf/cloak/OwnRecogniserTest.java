package dev.fawkes.tf.cloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.FaceCloak;
import dev.fawkes.ModelException;
import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import dev.fawkes.photo.Photos;
import dev.fawkes.tf.face.TfFaceAligner;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.model.internal.ModelGraph;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application's own recogniser in the cloak's ensemble. Its model is a file the application
 * has: faceres (a bundled recogniser outside the presets' ensemble) written out as a frozen
 * GraphDef and loaded back with {@link FaceModel#fromFrozenGraph}, under a name of its own.
 */
class OwnRecogniserTest {
  private static final Preset PRESET = Preset.LOW;
  @TempDir
  static Path dir;
  private static FaceModel mine;
  private static BufferedImage photo;

  @BeforeAll
  static void load() throws Exception {
    FaceModel faceres = ModelZoo.load("faceres");
    Path file = dir.resolve("my-recogniser.pb");
    Files.write(file, ModelGraph.of(faceres).graphDef().toByteArray());
    ExtractorSpec s = faceres.spec();
    mine = FaceModel.fromFrozenGraph(file,
        new ExtractorSpec("my-recogniser", "mine", s.inputSize(), s.scaling(), s.inputNode(), s.outputNode(), s.framing()));
    photo = Photos.readImage(SharedData.resolve("fixtures/grace_hopper_512x512.jpg"));
  }

  @Test
  void itsFeaturesMoveMoreWhenTheCloakIsOptimizedAgainstIt() {
    CloakResult with;
    try (Cloaker cloaker = TfCloaker.create(CloakConfig.preset(PRESET), null, List.of(mine))) {
      assertThat(((TfCloaker) cloaker).extractors()).containsExactly("mobilefacenet-tflite", "mobileface", "my-recogniser");
      with = cloaker.cloak(photo);
    }
    CloakResult without;
    try (Cloaker cloaker = TfCloaker.create(CloakConfig.preset(PRESET), null)) {
      without = cloaker.cloak(photo);
    }
    FaceCloak face = with.faces().get(0);
    assertThat(face.status()).isEqualTo(FaceCloak.Status.PROTECTED);
    assertThat(face.visibility().worstRegionDssim()).isLessThanOrEqualTo(PRESET.maxWorstRegionDssim());
    assertThat(face.featureShift()).containsOnlyKeys("mobilefacenet-tflite", "mobileface", "my-recogniser")
        .allSatisfy((name, shift) -> assertThat(shift).as(name).isPositive());
    double shiftWith = shift(with.image());
    double shiftWithout = shift(without.image());
    System.out.printf("my-recogniser's cosine distance, clean to cloaked: %.4f in the ensemble, %.4f outside it "
        + "(reported %.4f)%n", shiftWith, shiftWithout, face.featureShift().get("my-recogniser"));
    assertThat(shiftWith).as("shift on the own recogniser, in vs out of the ensemble").isGreaterThan(2 * shiftWithout);
  }

  @Test
  void aNameTakenOrATargetPoolWithoutItIsRefusedWithWhatToDo() {
    FaceModel clash = ModelZoo.load("mobileface");
    assertThatThrownBy(() -> TfCloaker.create(CloakConfig.preset(PRESET), null, List.of(clash)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already has an extractor named 'mobileface'");
    CloakConfig targeted = CloakConfig.builder(PRESET).strategy(Strategy.TARGETED).build();
    assertThatThrownBy(() -> TfCloaker.create(targeted, null, List.of(mine))).isInstanceOf(ModelException.class)
        .hasMessageContaining("no centroids for extractor 'my-recogniser'");
  }

  /** The own recogniser's cosine distance between the photo's face and the same face in {@code cloaked}. */
  private static double shift(BufferedImage cloaked) {
    try (TfFaceAligner aligner = new TfFaceAligner(); FeatureExtractor extractor = FeatureExtractor.create(mine)) {
      AlignedFace clean = aligner.align(photo).get(0);
      AlignedFace after = aligner.align(cloaked).get(0);
      return Embeddings.cosineDistance(extractor.embed(clean), extractor.embed(after));
    }
  }
}
