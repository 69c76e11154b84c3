package dev.fawkes.bench.eval;

import dev.fawkes.quality.Visibility;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * The noise control: a photo changed by seeded Gaussian noise (independent per pixel and RGB
 * channel, in the face's canonical box) whose CIE76 dE p95 on that box equals a given value, the
 * cloak's on the same photo. It shows what a change of the same visibility but no intent does to
 * the trackers. Stateless.
 */
final class NoiseControl {
  private static final int SEARCH_STEPS = 14;

  private NoiseControl() {}

  /**
   * {@code original} with noise in {@code box} whose dE p95 matches {@code deltaEP95}, found by
   * bisection on the noise's deviation; the same seed gives the same noise pattern at every
   * deviation.
   */
  static BufferedImage matched(BufferedImage original, Rectangle box, double deltaEP95, long seed) {
    if (deltaEP95 <= 0) {
      return copy(original);
    }
    double low = 0;
    double high = 4 * deltaEP95 + 4;
    BufferedImage best = copy(original);
    for (int i = 0; i < SEARCH_STEPS; i++) {
      double sigma = (low + high) / 2;
      BufferedImage noisy = noisy(original, box, sigma, seed);
      double measured = Visibility.measure(original, noisy, box).deltaEP95();
      if (measured > deltaEP95) {
        high = sigma;
      } else {
        low = sigma;
        best = noisy;
      }
    }
    return best;
  }

  private static BufferedImage noisy(BufferedImage original, Rectangle box, double sigma, long seed) {
    BufferedImage out = copy(original);
    Random random = new Random(seed);
    for (int y = box.y; y < box.y + box.height; y++) {
      for (int x = box.x; x < box.x + box.width; x++) {
        int p = original.getRGB(x, y);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          int v = (int) Math.round(((p >> shift) & 0xff) + sigma * random.nextGaussian());
          rgb |= Math.max(0, Math.min(255, v)) << shift;
        }
        out.setRGB(x, y, rgb);
      }
    }
    return out;
  }

  private static BufferedImage copy(BufferedImage image) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.getGraphics().drawImage(image, 0, 0, null);
    return out;
  }
}
