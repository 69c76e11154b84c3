package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ImageBatch;
import dev.fawkes.tf.model.PixelScaling;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.GradientCheck;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two evaluation-only recognisers in {@code ../shared/models}, through the ONNX and OpenVINO
 * importers: they load, give embeddings of their documented size, tell LFW people apart, and have
 * input gradients that match finite differences. Skipped where the shared models or data are absent.
 */
class EvaluationModelsTest {
  /**
   * MobileFaceNet (opset 11: Conv, Clip with Constant bounds, Add, Relu, Reshape). It wants RGB
   * {@code (x/255 - mean) / std} with ImageNet's per-channel mean and std; one mean and std for all
   * channels (their averages, 0.449 and 0.226, times 255) is what PixelScaling can say. Raw 0..255
   * input ({@code rgb255}) leaves it near chance (pair ordering 0.68 on the people below).
   */
  static final ExtractorSpec MOBILEFACENET = new ExtractorSpec("foamliu-mobilefacenet", "mobilefacenet", 112,
      PixelScaling.rgbNormalized(114.5f, 57.6f), "input", "output");
  /** Intel's face-reidentification-retail-0095: BGR 0..255, normalized by its own first layers. */
  static final ExtractorSpec INTEL_REID = new ExtractorSpec("face-reidentification-retail-0095", "intel-reid", 128,
      PixelScaling.bgr255(), "0", OpenVinoModelReader.OUTPUT);

  private static final List<String> PEOPLE = List.of("Ariel_Sharon", "Colin_Powell", "Serena_Williams", "Tony_Blair",
      "Jean_Chretien", "Laura_Bush", "Vladimir_Putin", "Junichiro_Koizumi");
  private static final int PHOTOS = 4;

  @Test
  void mobileFaceNetOnnxGives128DimensionalEmbeddingsThatTellPeopleApart() {
    FaceModel model = FaceModel.fromOnnx(SharedData.model("foamliu-mobilefacenet/mobilefacenet-opset11.onnx"),
        MOBILEFACENET);
    assertEmbeds(model, 128);
    // Measured at 0.99 ordering, same 0.54 vs different 0.06 mean cosine.
    assertSeparates(model, 112);
  }

  @Test
  void openVinoReidGives256DimensionalEmbeddingsThatTellPeopleApart() {
    FaceModel model = FaceModel.fromOpenVino(SharedData.model(
        "openvino-face-reidentification-retail-0095/face-reidentification-retail-0095-FP16.xml"), INTEL_REID);
    assertEmbeds(model, 256);
    // Measured at 1.00 ordering, same 0.65 vs different 0.02 mean cosine.
    assertSeparates(model, 128);
  }

  @Test
  void bothHaveInputGradientsThatMatchFiniteDifferences() {
    List<FaceModel> models = List.of(
        FaceModel.fromOnnx(SharedData.model("foamliu-mobilefacenet/mobilefacenet-opset11.onnx"), MOBILEFACENET),
        FaceModel.fromOpenVino(SharedData.model(
            "openvino-face-reidentification-retail-0095/face-reidentification-retail-0095-FP16.xml"), INTEL_REID));
    for (FaceModel model : models) {
      int side = model.spec().inputSize();
      ImageBatch face = ImageBatch.of(List.of(center(SharedData.lfwUser("Serena_Williams", 1).get(0), side)));
      ImageBatch target = ImageBatch.of(List.of(center(SharedData.lfwUser("Tony_Blair", 1).get(0), side)));
      for (GradientCheck.Direction d : GradientCheck.run(model, face, target)) {
        String name = model.spec().name();
        assertThat(Math.abs(d.analytic())).as("%s directional derivative", name).isGreaterThan(0.1);
        assertThat(d.relativeError()).as("%s: analytic %s vs finite difference %s", name, d.analytic(), d.numeric())
            .isLessThan(0.03);
      }
    }
  }

  /** A photo of any size (the extractor resizes it) gives a unit vector of the model's size. */
  private static void assertEmbeds(FaceModel model, int dimension) {
    BufferedImage photo = Faces.read(SharedData.resolve("fixtures/grace_hopper_512x512.jpg"));
    try (FeatureExtractor extractor = FeatureExtractor.create(model)) {
      float[] e = extractor.embed(ImageBatch.of(List.of(photo)))[0];
      assertThat(e).hasSize(dimension);
      double norm = 0;
      for (float v : e) {
        assertThat(v).isFinite();
        norm += v * v;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-4));
    }
  }

  /**
   * Over {@link #PHOTOS} photos of each of {@link #PEOPLE} (the central {@code side} pixels of the
   * 250x250 LFW frame, fed unscaled), the fraction of (same-person pair, different-person pair)
   * orderings in which the same-person pair is the closer, and the mean cosines of both kinds.
   */
  private static void assertSeparates(FaceModel model, int side) {
    List<BufferedImage> crops = new ArrayList<>();
    for (String person : PEOPLE) {
      for (Path photo : SharedData.lfwUser(person, PHOTOS)) {
        crops.add(center(photo, side));
      }
    }
    float[][] e;
    try (FeatureExtractor extractor = FeatureExtractor.create(model)) {
      e = extractor.embed(ImageBatch.of(crops));
    }
    List<Double> same = new ArrayList<>();
    List<Double> different = new ArrayList<>();
    for (int i = 0; i < e.length; i++) {
      for (int j = i + 1; j < e.length; j++) {
        double cosine = 0;
        for (int k = 0; k < e[i].length; k++) {
          cosine += e[i][k] * e[j][k];
        }
        (i / PHOTOS == j / PHOTOS ? same : different).add(cosine);
      }
    }
    long ordered = 0;
    for (double s : same) {
      for (double d : different) {
        ordered += s > d ? 1 : 0;
      }
    }
    double ordering = ordered / (double) (same.size() * different.size());
    double sameMean = same.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double differentMean = different.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    String name = model.spec().name();
    assertThat(ordering).as("%s: same-person pairs closer than different-person pairs (same %.3f, different %.3f)",
        name, sameMean, differentMean).isGreaterThan(0.95);
    assertThat(sameMean - differentMean).as("%s: mean same-person minus different-person cosine", name)
        .isGreaterThan(0.25);
  }

  private static BufferedImage center(Path lfwPhoto, int side) {
    BufferedImage photo = Faces.read(lfwPhoto);
    return photo.getSubimage((photo.getWidth() - side) / 2, (photo.getHeight() - side) / 2, side, side);
  }
}
