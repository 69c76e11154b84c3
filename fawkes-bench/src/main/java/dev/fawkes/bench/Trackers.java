package dev.fawkes.bench;

import com.google.common.hash.Hashing;
import dev.fawkes.ModelException;
import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.model.PixelScaling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.fawkes.tf.model.internal.ModelGraph;
import dev.fawkes.tf.model.internal.OnnxModelReader;
import dev.fawkes.tf.testing.SharedDataFolder;
import org.tensorflow.proto.GraphDef;

/**
 * Recognisers that only the evaluation uses, as trackers the cloak never sees, never bundled. The
 * file of {@code fr_feature} is fetched by the fawkes-bench build into {@code target/trackers} and
 * checked against the SHA-256 recorded in {@code src/build/SHA256SUMS} here; those of
 * {@code intel-reid} and {@code foamliu-mfn} are read in place from the shared models folder
 * ({@link #modelsDir()}). Every file is checked against a SHA-256 pinned in this class when loaded.
 */
public final class Trackers {
  /** SHA-256 of {@code faceplugin/fr_feature.onnx}, as in src/build/SHA256SUMS. */
  private static final String FR_FEATURE_SHA256 = "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581";

  /**
   * The ONNX fr_feature network: RGB, (x - 127) / 128, 112x112, 512-d. Its layers (3x3 stem,
   * depthwise bottlenecks with PReLU, a 7x7 global depthwise conv, linear 1x1 to 512) are a
   * MobileFaceNet, so it is of that family: a strict black-box evaluation holds out that family.
   */
  public static final ExtractorSpec FR_FEATURE =
      new ExtractorSpec("fr_feature", "mobilefacenet", 112, PixelScaling.rgbNormalized(127f, 128f), "input", "output", ModelZoo.TIGHT);

  /**
   * Intel's {@code face-reidentification-retail-0095} (OpenVINO IR, FP16): BGR 0..255 (the graph
   * scales its input itself), 128 px aligned to {@link FivePointTemplate#INTEL_128}, 256-d. A
   * lineage of its own: no bundled model is related to it.
   */
  public static final ExtractorSpec INTEL_REID =
      new ExtractorSpec("intel-reid", "intel-reid", 128, PixelScaling.bgr255(), "0", "embedding");

  /**
   * foamliu's MobileFaceNet (ONNX, ReLU6, ArcFace loss on MS1M): RGB with ImageNet's per-channel
   * normalisation, which this class adds in front of the graph, 112 px aligned to
   * {@link FivePointTemplate#ARCFACE_112}, 128-d. The MobileFaceNet family, trained apart from the
   * bundled one.
   */
  public static final ExtractorSpec FOAMLIU_MFN =
      new ExtractorSpec("foamliu-mfn", "mobilefacenet", 112, PixelScaling.rgb255(), "input", "output");

  private static final String INTEL_XML =
      "openvino-face-reidentification-retail-0095/face-reidentification-retail-0095-FP16.xml";
  private static final String INTEL_BIN =
      "openvino-face-reidentification-retail-0095/face-reidentification-retail-0095-FP16.bin";
  private static final String FOAMLIU_ONNX = "foamliu-mobilefacenet/mobilefacenet-opset11.onnx";
  /** The SHA-256 of each shared file, as measured when the evaluation was calibrated on them. */
  private static final Map<String, String> SHARED_SHA256 = Map.of(
      INTEL_XML, "ce53d2c9c08c0bd1c1660fb8a5b6d0e3e4ec19eb92f1036d2d83a85e83082dce",
      INTEL_BIN, "241229ca3d206321868d46ce74a3c0b06c49cea58db7dc70b2e842ff287545d1",
      FOAMLIU_ONNX, "f055d9c9a4d826d198c42666590fdefa0fdc1374a75ccb6306c3d1b1bf8f74c5");
  private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  private Trackers() {}

  /** Every evaluation-only tracker's name. */
  public static List<String> names() {
    return List.of(FR_FEATURE.name(), INTEL_REID.name(), FOAMLIU_MFN.name());
  }

  /** Loads an evaluation-only tracker by name, verifying its files. */
  public static FaceModel load(String name) {
    if (name.equals(FR_FEATURE.name())) {
      return frFeature();
    }
    if (name.equals(INTEL_REID.name())) {
      verified(INTEL_XML);
      verified(INTEL_BIN);
      return FaceModel.fromOpenVino(modelsDir().resolve(INTEL_XML), INTEL_REID);
    }
    if (name.equals(FOAMLIU_MFN.name())) {
      GraphDef graph = OnnxModelReader.read(FOAMLIU_MFN.name(), verified(FOAMLIU_ONNX));
      return ModelGraph.load(FOAMLIU_MFN, PerChannelInput.prepend(graph, FOAMLIU_MFN.inputNode(), IMAGENET_MEAN,
          IMAGENET_STD));
    }
    throw new IllegalArgumentException("unknown evaluation tracker '" + name + "'; known: " + names());
  }

  /** The tracker's own five-point alignment, if it has one; the others read LFW's canonical box. */
  public static Optional<FivePointTemplate> template(String name) {
    if (name.equals(INTEL_REID.name())) {
      return Optional.of(FivePointTemplate.INTEL_128);
    }
    if (name.equals(FOAMLIU_MFN.name())) {
      return Optional.of(FivePointTemplate.ARCFACE_112);
    }
    return Optional.empty();
  }

  /** {@code ../shared/models}: the evaluation-only recognisers, read in place. */
  public static Path modelsDir() {
    return SharedDataFolder.locate().resolveSibling("models");
  }

  /** The bytes of a file of {@link #modelsDir}, checked against its pinned SHA-256. */
  private static byte[] verified(String relative) {
    Path file = modelsDir().resolve(relative);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelException("Tracker model " + file + " is missing; the evaluation reads it from the shared "
          + "models folder (../shared/models, see its README)", e);
    }
    String actual = Hashing.sha256().hashBytes(bytes).toString();
    String expected = SHARED_SHA256.get(relative);
    if (!actual.equals(expected)) {
      throw new ModelException("Tracker model " + file + " has SHA-256 " + actual + ", expected " + expected
          + "; the evaluation's figures were measured with that file");
    }
    return bytes;
  }

  /** The folder the build fetched fr_feature into. */
  public static Path dir() {
    String configured = System.getProperty("fawkes.trackers.dir");
    if (configured != null) {
      return Paths.get(configured);
    }
    Path module = Paths.get("target", "trackers");
    return Files.isDirectory(module) ? module : Paths.get("fawkes-bench", "target", "trackers");
  }

  /** Loads fr_feature, verifying its hash. */
  public static FaceModel frFeature() {
    Path file = dir().resolve("faceplugin/fr_feature.onnx");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelException("Tracker model " + file + " is missing; build fawkes-bench with Maven, which fetches it", e);
    }
    String actual = Hashing.sha256().hashBytes(bytes).toString();
    if (!actual.equals(FR_FEATURE_SHA256)) {
      throw new ModelException("Tracker model " + file + " has SHA-256 " + actual + ", expected " + FR_FEATURE_SHA256);
    }
    return FaceModel.fromOnnx(file, FR_FEATURE);
  }
}
