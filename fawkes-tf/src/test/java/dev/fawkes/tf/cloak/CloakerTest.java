package dev.fawkes.tf.cloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.Cloakers;
import dev.fawkes.FaceAligner;
import dev.fawkes.FaceCloak;
import dev.fawkes.ImageException;
import dev.fawkes.ModelException;
import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import dev.fawkes.TargetIdentity;
import dev.fawkes.tf.cloak.internal.CloakPipeline;
import dev.fawkes.tf.cloak.internal.FacePaster;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ImageBatch;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.pool.TargetPool;
import dev.fawkes.tf.model.LfwBox;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import dev.fawkes.tf.testing.SsimReference;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cloak on aligned LFW face crops, white-box: the cloaking extractor is also the one measured.
 * mobileface keeps these tests fast; the protection against other models is the evaluation's job.
 */
class CloakerTest {
  private static final String MODEL = "mobileface";
  /** Measured: 7 of 97,200 values differed, by 1. */
  private static final int MAX_BATCH_DIFFERENCE = 1;
  /** Above the measured mean clean-vs-cloaked cosines of HIGH: mobileface 0.803, mobilefacenet-tflite 0.266. */
  private static final double HIGH_COSINE_CEILING = 0.85;
  /** Under the measured cosine distances of an untargeted HIGH cloak with mobileface alone: 0.77 to 0.93. */
  private static final double UNTARGETED_SHIFT_FLOOR = 0.6;

  /** The preset with one extractor, targeted (the presets are untargeted; most tests here target). */
  private static CloakConfig.Builder config(Preset preset) {
    return CloakConfig.builder(preset).extractors(MODEL).strategy(Strategy.TARGETED);
  }

  @Test
  void findsTheTensorFlowBackendThroughServiceLoader() {
    try (Cloaker cloaker = Cloakers.create(config(Preset.LOW).build(), FaceAligner.wholeImage())) {
      assertThat(cloaker).isInstanceOf(TfCloaker.class);
      assertThat(((TfCloaker) cloaker).extractors()).containsExactly(MODEL);
    }
  }

  @Test
  void targetedCloaksAtHighMoveFacesToTheTargetWithinTheBudget() {
    List<BufferedImage> faces = Faces.canonicalCrops(SharedData.lfwUser("Serena_Williams", 10));
    CloakConfig config = config(Preset.HIGH).batchSize(10).build();
    try (Cloaker cloaker = Cloakers.create(config, FaceAligner.wholeImage());
        FeatureExtractor extractor = FeatureExtractor.create(ModelZoo.load(MODEL))) {
      List<CloakResult> results = cloaker.cloakAll(faces);
      TargetIdentity target = results.get(0).target();
      assertThat(results).allSatisfy(r -> assertThat(r.target()).isEqualTo(target));
      assertThat(target.pool()).isEqualTo(TargetPool.BUNDLED_NAME);

      float[] targetCentroid = TargetPool.bundled().centroid(target, MODEL);
      float[][] clean = extractor.embed(ImageBatch.of(faces));
      int closer = 0;
      for (int i = 0; i < faces.size(); i++) {
        CloakResult result = results.get(i);
        assertThat(result.facesFound()).isEqualTo(1);
        FaceCloak face = result.faces().get(0);
        assertThat(face.steps()).isEqualTo(config.maxSteps());
        // The DSSIM the library reports is the DSSIM of the image it returns.
        double measured = SsimReference.worstRegion(floats(faces.get(i)), floats(result.image()), LfwBox.SIZE);
        assertThat(face.dssim()).isCloseTo(measured, within(2e-4));
        assertThat(measured).isLessThanOrEqualTo(config.dssimBudget() * 1.1);
        float[] cloaked = extractor.embed(ImageBatch.of(List.of(result.image())))[0];
        System.out.printf("targeted HIGH: cosine to the target %.3f before, %.3f after%n",
            Embeddings.dot(clean[i], targetCentroid), Embeddings.dot(cloaked, targetCentroid));
        if (Embeddings.dot(cloaked, targetCentroid) > Embeddings.dot(clean[i], targetCentroid) + 0.05) {
          closer++;
        }
      }
      // Within HIGH's visibility bound the cloak moves a face toward the target, not past its own
      // identity (it did with the unbounded cloak before issue 15).
      assertThat(closer).as("faces moved toward the target").isGreaterThanOrEqualTo(9);
    }
  }

  /** The HIGH preset as a user gets it (untargeted, default ensemble and tuning): faces move away. */
  @Test
  void theHighPresetAsUsersGetItMovesFacesAwayFromThemselvesInEveryExtractor() {
    List<BufferedImage> faces = Faces.canonicalCrops(SharedData.lfwUser("Serena_Williams", 8));
    try (Cloaker cloaker = Cloakers.create(CloakConfig.builder(Preset.HIGH).build())) {
      List<CloakResult> results = cloaker.cloakAll(faces);
      assertThat(results).allSatisfy(r -> assertThat(r.target()).isNull());
      for (String name : Preset.HIGH.extractors()) {
        try (FeatureExtractor extractor = FeatureExtractor.create(ModelZoo.load(name))) {
          float[][] clean = extractor.embed(ImageBatch.of(faces));
          double similarity = 0;
          for (int i = 0; i < faces.size(); i++) {
            CloakResult result = results.get(i);
            assertThat(result.faces().get(0).dssim()).isLessThanOrEqualTo(Preset.HIGH.dssimBudget() * 1.1);
            similarity += Embeddings.dot(extractor.embed(ImageBatch.of(List.of(result.image())))[0], clean[i]) / faces.size();
          }
          // Two clean photos of one person score about 0.6. Since the presets keep to their visibility
          // bounds (issue 15) only HIGH moves a photo about that far.
          System.out.printf("HIGH preset, %s: mean clean-vs-cloaked cosine %.3f%n", name, similarity);
          assertThat(similarity).as("%s: mean clean-vs-cloaked cosine", name).isLessThan(HIGH_COSINE_CEILING);
        }
      }
    }
  }

  @Test
  void untargetedCloaksMoveTheEmbeddingAwayFromTheFace() {
    List<BufferedImage> faces = Faces.canonicalCrops(SharedData.lfwUser("Tony_Blair", 4));
    CloakConfig config = config(Preset.HIGH).strategy(Strategy.UNTARGETED).batchSize(4).build();
    try (Cloaker cloaker = Cloakers.create(config, FaceAligner.wholeImage())) {
      List<CloakResult> results = cloaker.cloakAll(faces);
      for (CloakResult result : results) {
        assertThat(result.target()).isNull();
        FaceCloak face = result.faces().get(0);
        assertThat(face.dssim()).isLessThanOrEqualTo(config.dssimBudget() * 1.1);
        System.out.printf("untargeted HIGH: dssim %.4f, shift %.3f%n", face.dssim(), face.featureShift().get(MODEL));
        assertThat(face.featureShift().get(MODEL)).isGreaterThan(UNTARGETED_SHIFT_FLOOR);
      }
    }
  }

  @Test
  void sameSeedSameResultAndABatchOfOneEqualsTheSameFaceInABatch() {
    List<BufferedImage> faces = Faces.canonicalCrops(SharedData.lfwUser("Tony_Blair", 3));
    CloakConfig config = config(Preset.LOW).maxSteps(15).batchSize(4).seed(11).build();
    try (Cloaker cloaker = Cloakers.create(config, FaceAligner.wholeImage())) {
      TargetIdentity target = cloaker.chooseTarget(faces);
      List<CloakResult> first = cloaker.cloakAll(faces, target);
      List<CloakResult> again = cloaker.cloakAll(faces, target);
      for (int i = 0; i < faces.size(); i++) {
        assertThat(pixels(again.get(i).image())).isEqualTo(pixels(first.get(i).image()));
      }
      CloakResult alone = cloaker.cloak(faces.get(1), target);
      // Faces never interact and draw their randomness from their own content, but a lone face runs
      // in a batch-of-1 graph whose kernels round differently in the last bits.
      int[] a = pixels(alone.image());
      int[] b = pixels(first.get(1).image());
      int differing = 0;
      int max = 0;
      for (int i = 0; i < a.length; i++) {
        for (int shift = 0; shift < 24; shift += 8) {
          int d = Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff));
          max = Math.max(max, d);
          differing += d > 0 ? 1 : 0;
        }
      }
      System.out.printf("batch of one vs batched: %d of %d values differ, by at most %d%n", differing, 3 * a.length, max);
      assertThat(max).isLessThanOrEqualTo(MAX_BATCH_DIFFERENCE);
      assertThat(differing).isLessThan(a.length * 3 / 100);
      assertThat(alone.faces().get(0).dssim()).isCloseTo(first.get(1).faces().get(0).dssim(), within(5e-4));
      try (Cloaker otherSeed = Cloakers.create(config.toBuilder().seed(12).build(), FaceAligner.wholeImage())) {
        assertThat(pixels(otherSeed.cloak(faces.get(1), target).image())).isNotEqualTo(pixels(alone.image()));
      }
    }
  }

  @Test
  void theChosenTargetIsStableAndCanBeStoredAndReused() {
    List<BufferedImage> faces = Faces.canonicalCrops(SharedData.lfwUser("Serena_Williams", 4));
    try (Cloaker cloaker = Cloakers.create(config(Preset.LOW).seed(3).build(), FaceAligner.wholeImage())) {
      TargetIdentity chosen = cloaker.chooseTarget(faces);
      assertThat(cloaker.chooseTarget(faces)).isEqualTo(chosen);
      assertThat(TargetIdentity.parse(chosen.toString())).isEqualTo(chosen);
      // Among the farthest identities: farther from the person than the pool's median identity.
      TargetPool pool = TargetPool.bundled();
      try (FeatureExtractor extractor = FeatureExtractor.create(ModelZoo.load(MODEL))) {
        float[] person = mean(extractor.embed(ImageBatch.of(faces)));
        double chosenSimilarity = Embeddings.dot(pool.centroid(chosen, MODEL), person);
        List<Double> similarities = new ArrayList<>();
        for (String id : pool.identities()) {
          similarities.add(Embeddings.dot(pool.centroid(new TargetIdentity(pool.name(), id), MODEL), person));
        }
        long lessSimilar = similarities.stream().filter(s -> s < chosenSimilarity).count();
        assertThat(lessSimilar).isLessThan(CloakPipeline.TARGET_CANDIDATES);
      }
    }
  }

  @Test
  void badInputIsRefusedWithClearErrorsBeforeAnyWork() {
    try (Cloaker cloaker = Cloakers.create(config(Preset.LOW).build(), FaceAligner.wholeImage())) {
      BufferedImage face = Faces.canonicalCrop(SharedData.lfwUser("Tony_Blair", 1).get(0));
      assertThatThrownBy(() -> cloaker.cloakAll(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> cloaker.cloakAll(List.of())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("empty");
      assertThatThrownBy(() -> cloaker.cloakAll(Arrays.asList(face, null))).isInstanceOf(NullPointerException.class)
          .hasMessageContaining("photo 1");
      BufferedImage tiny = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
      assertThatThrownBy(() -> cloaker.cloakAll(List.of(face, tiny))).isInstanceOf(ImageException.class)
          .hasMessageContaining("photo 1 is 1x1");
      BufferedImage wide = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
      assertThatThrownBy(() -> cloaker.cloak(wide)).isInstanceOf(ImageException.class).hasMessageContaining("square");
      assertThatThrownBy(() -> cloaker.cloak(face, new TargetIdentity("my-pool", "t001")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not of this cloaker's pool");
      assertThatThrownBy(() -> cloaker.cloak(face, new TargetIdentity(TargetPool.BUNDLED_NAME, "nobody")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in pool");
      cloaker.close();
      cloaker.close();
      assertThatThrownBy(() -> cloaker.cloak(face)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("after close()");
    }
    assertThatThrownBy(() -> Cloakers.create(config(Preset.LOW).extractors("facenet").build()))
        .isInstanceOf(ModelException.class).hasMessageContaining("'facenet'");
  }

  private static float[] floats(BufferedImage image) {
    return FacePaster.toFloats(image);
  }

  private static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }

  private static float[] mean(float[][] rows) {
    float[] m = new float[rows[0].length];
    for (float[] row : rows) {
      for (int d = 0; d < m.length; d++) {
        m[d] += row[d] / rows.length;
      }
    }
    return Embeddings.normalize(m);
  }
}
