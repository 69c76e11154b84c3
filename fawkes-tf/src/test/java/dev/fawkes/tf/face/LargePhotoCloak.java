package dev.fawkes.tf.face;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.Preset;
import dev.fawkes.photo.Photos;
import dev.fawkes.tf.testing.SharedData;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Cloaks a 6000x4000 photo with one 2,000 px face and prints what it found; run by
 * {@link CloakPhotoTest} in a JVM of its own with a small fixed heap, so that finishing at all
 * bounds the memory a large photo needs (a peak measured inside the test JVM counts garbage that
 * the collector had not yet reclaimed, and moved with the tests that ran before).
 */
final class LargePhotoCloak {
  private LargePhotoCloak() {}

  /** The 6000x4000 photo: a 250x250 LFW photo scaled to 4000x4000 on a grey canvas. */
  static BufferedImage photo() {
    BufferedImage face = Photos.readImage(SharedData.lfwUser("Colin_Powell", 1).get(0));
    BufferedImage large = Composite.canvas(6000, 4000);
    Graphics2D g = large.createGraphics();
    g.drawImage(face, 1000, 0, 4000, 4000, null);
    g.dispose();
    return large;
  }

  public static void main(String[] args) {
    BufferedImage large = photo();
    CloakConfig config = CloakConfig.builder(Preset.HIGH).extractors("mobileface").batchSize(1).largestFaceOnly(true)
        .maxSteps(10).build();
    try (Cloaker cloaker = Cloakers.create(config)) {
      CloakResult result = cloaker.cloak(large);
      System.out.println("faces " + result.facesFound() + " width " + result.image().getWidth() + " dssim "
          + result.faces().get(0).dssim());
    }
  }
}
