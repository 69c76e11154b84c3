package dev.fawkes.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The visibility measures against values computed by hand (CIELAB from the sRGB and CIE formulas). */
class VisibilityTest {
  @Test
  void cielabMatchesHandComputedValues() {
    double[] lab = new double[3];
    Cielab.lab(0xff0000, lab);
    // sRGB red: L* 53.2408, a* 80.0925, b* 67.2032 (D65).
    assertThat(lab[0]).isCloseTo(53.2408, within(1e-3));
    assertThat(lab[1]).isCloseTo(80.0925, within(1e-3));
    assertThat(lab[2]).isCloseTo(67.2032, within(1e-3));
    Cielab.lab(0x808080, lab);
    assertThat(lab[0]).isCloseTo(53.5850, within(1e-3));
    assertThat(lab[1]).isCloseTo(0, within(1e-3));
    assertThat(Cielab.deltaE76(0xffffff, 0x000000)).isCloseTo(100, within(1e-3));
    assertThat(Cielab.deltaE76(0xff0000, 0x000000)).isCloseTo(117.3271, within(1e-3));
    // Grey 128 to 138 changes only L*: 53.5850 to 57.4777.
    assertThat(Cielab.deltaE76(0x808080, 0x8a8a8a)).isCloseTo(3.8927, within(1e-3));
  }

  @Test
  void percentilesShareAndLargestChangeCountThePixelsOfTheBox() {
    BufferedImage original = flat(40, 30, new Color(128, 128, 128));
    BufferedImage changed = copy(original);
    // Box 10x10 at (5, 5): 3 of its 100 pixels go from grey 128 to 138 (dE 3.8927); one pixel
    // outside the box changes by 200 levels and must not count.
    changed.setRGB(5, 5, 0x8a8a8a);
    changed.setRGB(9, 9, 0x8a8a8a);
    changed.setRGB(14, 14, 0x8a8a8a);
    changed.setRGB(30, 20, 0xffffff);
    Visibility v = Visibility.measure(original, changed, new Rectangle(5, 5, 10, 10));
    assertThat(v.deltaEP95()).as("rank 95 of 100 is an unchanged pixel").isZero();
    assertThat(v.deltaEP99()).as("rank 99 of 100").isCloseTo(3.8927, within(1e-3));
    assertThat(v.shareAboveJnd()).isCloseTo(0.03, within(1e-12));
    assertThat(v.maxLevelChange()).isEqualTo(10);
  }

  @Test
  void aChangeInTheMiddleOfTheFaceIsWorseThereThanOverTheBox() {
    BufferedImage original = texture(120, 120, 1);
    BufferedImage changed = copy(original);
    Rectangle box = new Rectangle(10, 10, 100, 100);
    Rectangle central = Visibility.centralHalf(box);
    assertThat(central).isEqualTo(new Rectangle(35, 35, 50, 50));
    Random random = new Random(2);
    for (int y = central.y; y < central.y + central.height; y++) {
      for (int x = central.x; x < central.x + central.width; x++) {
        int rgb = original.getRGB(x, y);
        int r = Math.max(0, Math.min(255, ((rgb >> 16) & 0xff) + random.nextInt(21) - 10));
        changed.setRGB(x, y, (rgb & 0xff00ffff) | r << 16);
      }
    }
    Visibility v = Visibility.measure(original, changed, box);
    assertThat(v.centralDssim()).isGreaterThan(2.5 * v.boxDssim()).isGreaterThan(0.001);
    assertThat(v.worstRegionDssim()).isEqualTo(v.centralDssim());
    assertThat(v.boxDssim()).isCloseTo(ImageQuality.dssim(original, changed, box), within(1e-12));
    assertThat(Visibility.measure(original, original, box)).isEqualTo(new Visibility(0, 0, 0, 0, 0, 0));
  }

  @Test
  void regionSsimSeesThePixelsAroundTheRegionAsTheWholeImageMapDoes() {
    BufferedImage original = texture(64, 48, 3);
    BufferedImage changed = texture(64, 48, 4);
    Rectangle whole = new Rectangle(0, 0, 64, 48);
    assertThat(ImageQuality.ssim(original, changed, whole)).isCloseTo(ImageQuality.ssim(original, changed), within(1e-12));
    // The mean over a region is the whole image's map averaged over it: the sum over a split of the
    // image into two regions, weighted by area, is the whole image's mean.
    double left = ImageQuality.ssim(original, changed, new Rectangle(0, 0, 20, 48));
    double right = ImageQuality.ssim(original, changed, new Rectangle(20, 0, 44, 48));
    assertThat((20 * left + 44 * right) / 64).isCloseTo(ImageQuality.ssim(original, changed), within(1e-6));
  }

  @Test
  void refusesBoxesOutsideThePhotoAndPhotosOfTwoSizes() {
    BufferedImage a = flat(20, 20, Color.GRAY);
    assertThatThrownBy(() -> Visibility.measure(a, flat(21, 20, Color.GRAY), new Rectangle(0, 0, 5, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in size");
    assertThatThrownBy(() -> Visibility.measure(a, a, new Rectangle(30, 30, 5, 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
  }

  private static BufferedImage flat(int w, int h, Color color) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  private static BufferedImage texture(int w, int h, long seed) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = 80 + (x * 3 + y * 2) % 90 + random.nextInt(30);
        image.setRGB(x, y, v << 16 | (v - 20) << 8 | (v - 40));
      }
    }
    return image;
  }

  private static BufferedImage copy(BufferedImage image) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    out.setData(image.getData());
    return out;
  }
}
