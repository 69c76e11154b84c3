package dev.fawkes.tf.cloak.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.FaceAligner;
import dev.fawkes.Preset;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The knobs that spend the budget where it is least seen: per-pixel caps on luma and chroma, and the
 * central half of the face in the DSSIM budget. Each is checked against the unbounded cloak, which
 * breaks the bound, so that the check can fail.
 */
class CappedCloakTest {
  private static final CloakConfig CONFIG = CloakConfig.builder(Preset.LOW).extractors("mobileface").maxSteps(15)
      .learningRate(0.1).batchSize(1).build();

  @Test
  void noPixelMovesMoreThanItsCapsInLumaAndChroma() {
    BufferedImage face = Faces.canonicalCrop(SharedData.lfwUser("Colin_Powell", 1).get(0));
    CloakTuning capped = CloakTuning.UNBOUNDED.toBuilder().caps(4, 1).startNoise(0.25).build();
    double[] bounded = largestChange(face, cloak(face, CONFIG, capped));
    double[] unbounded = largestChange(face, cloak(face, CONFIG.toBuilder().learningRate(0.01).build(), CloakTuning.UNBOUNDED));
    System.out.printf("largest change in Y, Cb, Cr: capped %.2f %.2f %.2f, unbounded %.2f %.2f %.2f%n",
        bounded[0], bounded[1], bounded[2], unbounded[0], unbounded[1], unbounded[2]);
    // 8-bit rounding adds at most half a level to each of R, G and B: 0.5 in Y, Cb and Cr.
    assertThat(bounded[0]).isLessThanOrEqualTo(4.5).isGreaterThan(2);
    assertThat(Math.max(bounded[1], bounded[2])).isLessThanOrEqualTo(1.5);
    assertThat(unbounded[0]).as("the unbounded cloak breaks the cap").isGreaterThan(4.5);
    assertThat(Math.max(unbounded[1], unbounded[2])).isGreaterThan(1.5);
  }

  @Test
  void textureMaskingGivesTexturedPixelsMoreRoomThanFlatOnes() {
    BufferedImage face = Faces.canonicalCrop(SharedData.lfwUser("Colin_Powell", 1).get(0));
    CloakTuning masked = CloakTuning.UNBOUNDED.toBuilder().caps(4, 1).textureMasking(true).startNoise(0.25).build();
    double[] change = largestChange(face, cloak(face, CONFIG, masked));
    // Caps scale by 0.5 to 2 with the local contrast.
    assertThat(change[0]).isLessThanOrEqualTo(8.5).isGreaterThan(4.5);
    assertThat(Math.max(change[1], change[2])).isLessThanOrEqualTo(2.5);
  }

  /**
   * The worst-region term keeps the optimizer's own iterates in budget on the middle of the face;
   * without it the middle of this face went over (this test asserted a central DSSIM above 0.0055
   * before the writer held the budget); now the writer scales such a cloak down to the budget.
   */
  @Test
  void theMiddleOfTheFaceHoldsTheBudgetWithOrWithoutTheWorstRegionTerm() {
    BufferedImage face = Faces.canonicalCrop(SharedData.lfwUser("Colin_Powell", 1).get(0));
    CloakConfig config = CONFIG.toBuilder().learningRate(0.01).dssimBudget(0.005).maxSteps(25).build();
    CloakResult worst = cloak(face, config, CloakTuning.UNBOUNDED.toBuilder().worstRegion(true).build());
    CloakResult box = cloak(face, config, CloakTuning.UNBOUNDED);
    Visibility held = worst.faces().get(0).visibility();
    Visibility loose = box.faces().get(0).visibility();
    System.out.printf("central DSSIM: worst-region budget %.5f, box budget %.5f (budget 0.005)%n",
        held.centralDssim(), loose.centralDssim());
    assertThat(held.centralDssim()).isLessThanOrEqualTo(0.005).isGreaterThan(0.003);
    assertThat(loose.centralDssim()).as("held by the writer").isLessThanOrEqualTo(0.005).isGreaterThan(0.003);
  }

  private static CloakResult cloak(BufferedImage face, CloakConfig config, CloakTuning tuning) {
    try (CloakPipeline pipeline = CloakPipeline.create(config, tuning, FaceAligner.wholeImage())) {
      return pipeline.cloak(List.of(face), null, progress -> { }).get(0);
    }
  }

  /** The largest change of any pixel in BT.601 Y, Cb and Cr, in levels. */
  private static double[] largestChange(BufferedImage before, CloakResult after) {
    double[] max = new double[3];
    for (int y = 0; y < before.getHeight(); y++) {
      for (int x = 0; x < before.getWidth(); x++) {
        int a = before.getRGB(x, y);
        int b = after.image().getRGB(x, y);
        double dr = ((b >> 16) & 0xff) - ((a >> 16) & 0xff);
        double dg = ((b >> 8) & 0xff) - ((a >> 8) & 0xff);
        double db = (b & 0xff) - (a & 0xff);
        max[0] = Math.max(max[0], Math.abs(0.299 * dr + 0.587 * dg + 0.114 * db));
        max[1] = Math.max(max[1], Math.abs(-0.168736 * dr - 0.331264 * dg + 0.5 * db));
        max[2] = Math.max(max[2], Math.abs(0.5 * dr - 0.418688 * dg - 0.081312 * db));
      }
    }
    return max;
  }
}
