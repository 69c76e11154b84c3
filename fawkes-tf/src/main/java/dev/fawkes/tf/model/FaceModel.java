package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.fawkes.ModelException;
import dev.fawkes.tf.model.internal.FusedOpRewriter;
import dev.fawkes.tf.model.internal.ModelGraph;
import dev.fawkes.tf.model.internal.OnnxModelReader;
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
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModelException("Cannot read model file '" + file + "' for model '" + spec.name() + "': " + e, e);
    }
    return ModelGraph.load(spec, reader.apply(bytes));
  }
}
