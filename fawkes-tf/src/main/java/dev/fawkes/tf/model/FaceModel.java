package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.fawkes.ModelException;
import dev.fawkes.tf.model.internal.FusedOpRewriter;
import dev.fawkes.tf.model.internal.ModelGraph;
import dev.fawkes.tf.model.internal.OnnxModelReader;
import dev.fawkes.tf.model.internal.OpenVinoModelReader;
import dev.fawkes.tf.model.internal.SavedModelFreezer;
import dev.fawkes.tf.model.internal.TfliteModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.tensorflow.proto.GraphDef;

/**
 * A face-recognition model, loaded and checked: its {@link ExtractorSpec} and a graph of
 * differentiable ops that the backend adds to its own graphs. Get one from {@link ModelZoo} or from
 * the factories below, and run it with a {@link FeatureExtractor} or give it to a cloaker. Holds no
 * native memory; immutable and thread-safe.
 *
 * <p>Only the library implements this interface: the backend refuses models of other classes.
 *
 * <pre>{@code
 * FaceModel mine = FaceModel.fromOnnx(Path.of("arcface.onnx"), new ExtractorSpec("arcface", "arcface",
 *     112, PixelScaling.rgbNormalized(127.5f, 128f), "input", "embedding", ModelZoo.TIGHT));
 * }</pre>
 */
public interface FaceModel {
  /**
   * What the model is and how it wants its input.
   *
   * @return the spec the model was loaded with, node names resolved
   */
  ExtractorSpec spec();

  /**
   * Loads a frozen TensorFlow GraphDef ({@code .pb}: weights stored as constants) as a feature
   * extractor. Fused ops are rewritten as for bundled models.
   *
   * @param file a binary GraphDef
   * @param spec names the input placeholder and the embedding output, the input size and scaling
   * @return the loaded model
   * @throws ModelException if the file is not a GraphDef or the named nodes do not exist
   */
  static FaceModel fromFrozenGraph(Path file, ExtractorSpec spec) {
    return fromFile(file, spec, bytes -> {
      try {
        return FusedOpRewriter.rewrite(spec.name(), GraphDef.parseFrom(bytes));
      } catch (InvalidProtocolBufferException e) {
        throw new ModelException("Model '" + spec.name() + "': '" + file + "' is not a binary GraphDef", e);
      }
    });
  }

  /**
   * Loads a float32 TFLite model as a feature extractor.
   *
   * @param file a {@code .tflite} file
   * @param spec names the input and output tensors, the input size and scaling
   * @return the loaded model
   * @throws ModelException if the file is not a float32 TFLite model, uses an unsupported
   *     operator, or the named tensors do not exist
   */
  static FaceModel fromTflite(Path file, ExtractorSpec spec) {
    return fromFile(file, spec, bytes -> TfliteModelReader.read(spec.name(), bytes));
  }

  /**
   * Loads a float32 ONNX model (NCHW image input) as a feature extractor; it is converted to NHWC.
   *
   * @param file an {@code .onnx} file
   * @param spec names the input and output, the input size and scaling
   * @return the loaded model
   * @throws ModelException if the file is not ONNX, uses an unsupported op, or the named tensors do
   *     not exist
   */
  static FaceModel fromOnnx(Path file, ExtractorSpec spec) {
    return fromFile(file, spec, bytes -> OnnxModelReader.read(spec.name(), bytes));
  }

  /**
   * Loads an OpenVINO IR model (IR version 10 or 11; NCHW float image input) as a feature
   * extractor; it is converted to NHWC. The weights are read from the {@code .bin} file of the same
   * base name next to the {@code .xml}. The input placeholder is named after the model's Parameter
   * layer, and the embedding output is named {@code "embedding"}; name them so in the spec.
   *
   * @param xml the IR's {@code .xml} file
   * @param spec names the input ({@code Parameter} layer's name) and output ({@code "embedding"}),
   *     the input size and scaling; an IR with its own normalization layers takes raw 0..255 pixels
   * @return the loaded model
   * @throws ModelException if either file is missing or unreadable, the IR uses an unsupported layer
   *     type or attribute, or the named nodes do not exist
   */
  static FaceModel fromOpenVino(Path xml, ExtractorSpec spec) {
    checkNotNull(xml, "xml");
    checkNotNull(spec, "spec");
    String fileName = xml.getFileName().toString();
    String base = fileName.endsWith(".xml") ? fileName.substring(0, fileName.length() - 4) : fileName;
    Path bin = xml.resolveSibling(base + ".bin");
    if (!Files.isRegularFile(bin)) {
      throw new ModelException("Model '" + spec.name() + "': the weights file '" + bin + "' is missing; an OpenVINO "
          + "IR keeps its weights in a .bin file of the same base name next to '" + xml + "'");
    }
    byte[] weights = read(bin, spec);
    return fromFile(xml, spec, bytes -> OpenVinoModelReader.read(spec.name(), bytes, weights));
  }

  /**
   * Loads a TensorFlow SavedModel (tag {@code serve}) as a feature extractor, freezing the
   * variables its embedding reads. The input and output may be named by node name or by key of the
   * serving signature.
   *
   * @param dir the SavedModel folder (with {@code saved_model.pb} and {@code variables/})
   * @param spec names the input and the embedding output, the input size and scaling
   * @return the loaded model; its spec names the resolved nodes
   * @throws ModelException if the folder is not a SavedModel, a named node does not exist, or the
   *     embedding goes through function calls that cannot be frozen here
   */
  static FaceModel fromSavedModel(Path dir, ExtractorSpec spec) {
    checkNotNull(dir, "dir");
    checkNotNull(spec, "spec");
    SavedModelFreezer.Frozen frozen = SavedModelFreezer.freeze(dir, spec);
    return ModelGraph.load(spec.withNodes(frozen.inputNode(), frozen.outputNode()),
        FusedOpRewriter.rewrite(spec.name(), frozen.graph()));
  }

  private static FaceModel fromFile(Path file, ExtractorSpec spec, Function<byte[], GraphDef> reader) {
    checkNotNull(file, "file");
    checkNotNull(spec, "spec");
    return ModelGraph.load(spec, reader.apply(read(file, spec)));
  }

  private static byte[] read(Path file, ExtractorSpec spec) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelException("Cannot read model file '" + file + "' for model '" + spec.name() + "': " + e, e);
    }
  }
}
