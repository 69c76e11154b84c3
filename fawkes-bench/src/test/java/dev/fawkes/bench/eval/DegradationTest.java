package dev.fawkes.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.photo.Photos;
import dev.fawkes.quality.ImageQuality;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** What the robustness rows do to a photo, measured on a real one. */
class DegradationTest {
  @Test
  void pngIsLosslessAndTheOthersLoseInTheExpectedOrder() {
    BufferedImage photo = Photos.readImage(SharedData.resolve("fixtures/astronaut.png"));
    assertThat(ImageQuality.psnr(photo, Degradation.png(photo))).isInfinite();
    double q85 = ImageQuality.psnr(photo, Degradation.jpeg(photo, 85));
    double q70 = ImageQuality.psnr(photo, Degradation.jpeg(photo, 70));
    assertThat(q85).isBetween(30.0, 50.0).isGreaterThan(q70);
    BufferedImage blurred = Degradation.blur(photo, 1.0);
    assertThat(ImageQuality.psnr(photo, blurred)).isBetween(20.0, 40.0);
    BufferedImage half = Degradation.downscale2(photo);
    assertThat(half.getWidth()).isEqualTo(photo.getWidth() / 2);
    // The average of a 2x2 block.
    int[] p = {photo.getRGB(10, 10), photo.getRGB(11, 10), photo.getRGB(10, 11), photo.getRGB(11, 11)};
    int green = 0;
    for (int v : p) {
      green += (v >> 8) & 0xff;
    }
    assertThat((half.getRGB(5, 5) >> 8) & 0xff).isEqualTo((green + 2) / 4);
  }
}
