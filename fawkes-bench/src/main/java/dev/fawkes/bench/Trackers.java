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

/**
 * Recognisers that only the evaluation uses, as trackers the cloak never sees. Their files are
 * fetched by the fawkes-bench build into {@code target/trackers} and checked against the SHA-256
 * recorded in {@code src/build/SHA256SUMS} here, again when loaded.
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

  private Trackers() {}

  /** The folder the build fetched the trackers into. */
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
