package dev.fawkes.tf.cloak;

import dev.fawkes.CloakConfig;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.photo.Photos;
import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import dev.fawkes.testing.CloakerContract;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;

/**
 * {@link TfCloaker} against the contract of every cloaker, found the way users find it, with the
 * default aligner: one extractor, targeted so that the target paths run too, batches of two faces.
 */
class TfCloakerContractTest extends CloakerContract {
  @Override
  protected Cloaker newCloaker(int maxSteps) {
    return Cloakers.create(CloakConfig.builder(Preset.LOW).extractors("mobileface").strategy(Strategy.TARGETED)
        .maxSteps(maxSteps).batchSize(2).build());
  }

  @Override
  protected BufferedImage photoWithAFace() {
    return Photos.readImage(SharedData.resolve("fixtures/astronaut.png"));
  }
}
