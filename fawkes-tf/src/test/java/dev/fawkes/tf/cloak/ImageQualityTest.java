package dev.fawkes.tf.cloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.quality.ImageQuality;
import dev.fawkes.tf.cloak.internal.FacePaster;
import dev.fawkes.tf.model.LfwBox;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import dev.fawkes.tf.testing.SsimReference;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageQualityTest {
  @Test
  void agreesWithTheReferenceSsimAndKnowsIdenticalImages() {
    BufferedImage face = Faces.canonicalCrop(SharedData.lfwUser("Tony_Blair", 1).get(0));
    BufferedImage noisy = new BufferedImage(180, 180, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(1);
    for (int y = 0; y < 180; y++) {
      for (int x = 0; x < 180; x++) {
        int rgb = face.getRGB(x, y);
        int out = 0;
        for (int shift = 0; shift < 24; shift += 8) {
          int v = Math.max(0, Math.min(255, ((rgb >> shift) & 0xff) + random.nextInt(11) - 5));
          out |= v << shift;
        }
        noisy.setRGB(x, y, out);
      }
    }
    double reference = SsimReference.dssim(FacePaster.toFloats(face), FacePaster.toFloats(noisy), LfwBox.SIZE);
    assertThat(ImageQuality.dssim(face, noisy)).isCloseTo(reference, within(1e-5)).isGreaterThan(0.001);
    assertThat(ImageQuality.dssim(face, face)).isCloseTo(0, within(1e-9));
    assertThat(ImageQuality.psnr(face, face)).isInfinite();
    // Uniform noise in [-5, 5]: MSE = 10, PSNR = 10 log10(255^2 / 10) = 38.1 dB.
    assertThat(ImageQuality.psnr(face, noisy)).isCloseTo(38.1, within(0.3));
  }
}
