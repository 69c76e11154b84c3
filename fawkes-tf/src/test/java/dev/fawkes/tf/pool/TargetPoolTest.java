package dev.fawkes.tf.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FaceAligner;
import dev.fawkes.ModelException;
import dev.fawkes.Preset;
import dev.fawkes.TargetIdentity;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetPoolTest {
  @Test
  void theBundledPoolCoversEveryBundledRecogniserWithUnitCentroids() {
    TargetPool pool = TargetPool.bundled();
    assertThat(pool.name()).isEqualTo(TargetPool.BUNDLED_NAME);
    assertThat(pool.identities()).hasSize(265).startsWith("t001").endsWith("t265");
    for (var spec : ModelZoo.recognizers()) {
      assertThat(pool.covers(spec.name())).as(spec.name()).isTrue();
      float[] c = pool.centroid(new TargetIdentity(pool.name(), "t100"), spec.name());
      assertThat(Embeddings.dot(c, c)).isCloseTo(1.0, within(1e-5));
    }
  }

  @Test
  void writeAndReadRoundTripWithinFloat16Precision() throws Exception {
    TargetPool pool = TargetPool.of("p", List.of("a", "b"), Map.of("m", new float[][] {{3, 4}, {0, -2}}));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    pool.write(bytes);
    TargetPool back = TargetPool.read(new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(back.identities()).containsExactly("a", "b");
    assertThat(back.centroid(new TargetIdentity("p", "a"), "m")).containsExactly(new float[] {0.6f, 0.8f}, within(1e-3f));
    assertThatThrownBy(() -> TargetPool.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})))
        .hasMessageContaining("not a version 1 target pool");
  }

  @Test
  void choosesAmongTheFarthestIdentitiesReproducibly() {
    // Identity a is nearest to the person, c farthest.
    TargetPool pool = TargetPool.of("p", List.of("a", "b", "c"),
        Map.of("m", new float[][] {{1, 0}, {0, 1}, {-1, 0}}));
    Map<String, float[]> person = Map.of("m", new float[] {1, 0.1f});
    assertThat(pool.choose(person, 1, 5).id()).isEqualTo("c");
    for (long seed = 0; seed < 20; seed++) {
      assertThat(pool.choose(person, 2, seed).id()).isIn("b", "c").isEqualTo(pool.choose(person, 2, seed).id());
    }
    assertThatThrownBy(() -> pool.choose(Map.of("other", new float[] {1, 0}), 1, 0))
        .hasMessageContaining("no centroids for extractor 'other'");
  }

  @Test
  void aCustomPoolFromAFolderOfIdentitiesIsUsedByTheCloaker(@TempDir Path dir) throws Exception {
    for (String person : List.of("Tony_Blair", "Serena_Williams")) {
      Path folder = Files.createDirectories(dir.resolve(person.toLowerCase()));
      int i = 0;
      for (var face : Faces.canonicalCrops(SharedData.lfwUser(person, 3))) {
        ImageIO.write(face, "png", folder.resolve("face" + i++ + ".png").toFile());
      }
    }
    Files.writeString(dir.resolve("serena_williams/notes.txt"), "not an image");
    CloakConfig config = CloakConfig.builder(Preset.LOW).extractors("mobileface").maxSteps(5).targetPool(dir)
        .strategy(dev.fawkes.Strategy.TARGETED).build();
    try (Cloaker cloaker = Cloakers.create(config, FaceAligner.wholeImage())) {
      CloakResult result = cloaker.cloak(Faces.canonicalCrop(SharedData.lfwUser("Tony_Blair", 4).get(3)));
      // Tony Blair's photo is pushed toward the other identity of the pool.
      assertThat(result.target()).isEqualTo(new TargetIdentity(dir.getFileName().toString(), "serena_williams"));
    }
  }

  @Test
  void aMissingOrEmptyPoolFolderIsAModelExceptionAtCreation(@TempDir Path dir) throws Exception {
    CloakConfig.Builder targeted = CloakConfig.builder(Preset.LOW).extractors("mobileface")
        .strategy(dev.fawkes.Strategy.TARGETED);
    assertThatThrownBy(() -> Cloakers.create(targeted.targetPool(dir.resolve("absent")).build(), FaceAligner.wholeImage()))
        .isInstanceOf(ModelException.class).hasMessageContaining("absent").hasMessageContaining("does not exist");
    Files.writeString(Files.createDirectories(dir.resolve("empty/someone")).resolve("notes.txt"), "not an image");
    assertThatThrownBy(() -> Cloakers.create(targeted.targetPool(dir.resolve("empty")).build(), FaceAligner.wholeImage()))
        .isInstanceOf(ModelException.class).hasMessageContaining("no identity folder with a face photo");
  }
}
