package dev.fawkes.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.bench.TrackerInput;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.testing.SharedData;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The noise control is as visible as the cloak it stands beside, and only in the face's box. */
class NoiseControlTest {
  @ParameterizedTest
  @ValueSource(doubles = {1.9, 3.4, 5.5})
  void matchesTheGivenDeltaEP95(double target) {
    BufferedImage photo = Photos.readImage(SharedData.lfwUser("Serena_Williams", 1).get(0));
    Rectangle box = TrackerInput.canonicalBox(photo);
    BufferedImage noisy = NoiseControl.matched(photo, box, target, 42);
    assertThat(Visibility.measure(photo, noisy, box).deltaEP95()).isCloseTo(target, within(0.05 * target));
    assertThat(noisy.getRGB(box.x - 1, box.y - 1)).isEqualTo(photo.getRGB(box.x - 1, box.y - 1));
    assertThat(NoiseControl.matched(photo, box, target, 42).getRGB(box.x + 50, box.y + 50))
        .as("seeded").isEqualTo(noisy.getRGB(box.x + 50, box.y + 50));
  }
}
