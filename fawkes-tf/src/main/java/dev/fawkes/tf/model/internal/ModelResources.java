package dev.fawkes.tf.model.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.hash.Hashing;
import dev.fawkes.ModelException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tensorflow.proto.GraphDef;

/**
 * The model files packaged with the library, each checked against the SHA-256 recorded in the
 * repository ({@code SHA256SUMS} in the resource folder of {@code dev.fawkes.tf.model}, beside the
 * files) when it is read. Immutable and thread-safe.
 */
public final class ModelResources {
  /** The classpath folder of the packaged model files and their {@code SHA256SUMS}. */
  static final String ROOT = "/dev/fawkes/tf/model/";
  private static final String SUMS = "SHA256SUMS";
  /** The artifact with the models that fawkes-tf records but does not ship. */
  static final String EXTRA = "dev.fawkes:fawkes-models-extra";

  private final Function<String, InputStream> opener;
  private final Map<String, String> sha256;

  ModelResources(Function<String, InputStream> opener) {
    this.opener = opener;
    this.sha256 = readSums(opener);
  }

  /** The files packaged in this jar. */
  public static ModelResources bundled() {
    return new ModelResources(path -> ModelResources.class.getResourceAsStream(ROOT + path));
  }

  /**
   * Returns the bytes of a packaged file after checking its hash.
   *
   * @param path relative to the model folder, such as {@code human-models/faceres.json}
   * @throws ModelException if the file is not packaged, is not recorded, or its hash differs
   */
  public byte[] read(String path) {
    String expected = sha256.get(path);
    if (expected == null) {
      throw new ModelException("Model file '" + path + "' is not recorded in " + SUMS
          + "; only files with a recorded SHA-256 are loaded");
    }
    byte[] bytes;
    try (InputStream in = opener.apply(path)) {
      if (in == null) {
        throw new ModelException("Model file '" + path + "' is not on the classpath. The recognisers "
            + "outside the presets' ensemble (faceres, faceres-deep) and the TF.js models the tests use ship in "
            + "the optional artifact " + EXTRA + ": add it beside fawkes-tf. A fawkes-tf jar without the "
            + "default models was built without Maven, which fetches them");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ModelException("Cannot read model file '" + path + "'", e);
    }
    String actual = Hashing.sha256().hashBytes(bytes).toString();
    if (!actual.equals(expected)) {
      throw new ModelException("Model file '" + path + "' has SHA-256 " + actual + " but " + expected
          + " is recorded; the file was altered or corrupted. Rebuild or reinstall fawkes-tf");
    }
    return bytes;
  }

  /** The recorded files, by path relative to the model folder. */
  Set<String> files() {
    return sha256.keySet();
  }

  /**
   * Reads a packaged model file (TF.js {@code model.json} with its shards, or TFLite) into a graph
   * of primitive ops, verifying every file it reads.
   *
   * @param modelName names the model in error messages
   * @param path relative to the model folder, such as {@code human-models/blazeface.json}
   * @throws ModelException if a file is missing or altered, or the model cannot be converted
   */
  public GraphDef graph(String modelName, String path) {
    checkNotNull(modelName, "modelName");
    checkNotNull(path, "path");
    if (path.endsWith(".tflite")) {
      return TfliteModelReader.read(modelName, read(path));
    }
    String dir = path.substring(0, path.lastIndexOf('/') + 1);
    GraphDef raw = TfjsModelReader.read(modelName, read(path), shard -> read(dir + shard));
    return FusedOpRewriter.rewrite(modelName, raw);
  }

  private static Map<String, String> readSums(Function<String, InputStream> opener) {
    Map<String, String> sums = new HashMap<>();
    try (InputStream in = opener.apply(SUMS)) {
      if (in == null) {
        throw new ModelException(SUMS + " is missing from the classpath; the fawkes-tf jar is incomplete");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2) {
          sums.put(parts[1], parts[0]);
        }
      }
    } catch (IOException e) {
      throw new ModelException("Cannot read " + SUMS + " from the classpath; the fawkes-tf jar may be damaged", e);
    }
    return Map.copyOf(sums);
  }
}
