package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.ModelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

class TfjsModelReaderTest {
  /** A two-constant graph in TF.js form; the manifest is filled in per test. */
  private static String modelJson(String weights) {
    return """
        {"format": "graph-model",
         "modelTopology": {"node": [
           {"name": "a", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
           {"name": "b", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}}]},
         "weightsManifest": [{"paths": ["w.bin"], "weights": [%s]}]}
        """.formatted(weights);
  }

  @Test
  void dequantizesUint8AndFloat16Weights() {
    String json = modelJson("""
        {"name": "a", "shape": [3], "dtype": "float32",
         "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.5}},
        {"name": "b", "shape": [2], "dtype": "float32", "quantization": {"dtype": "float16"}}""");
    ByteBuffer bin = ByteBuffer.allocate(7).order(ByteOrder.LITTLE_ENDIAN);
    bin.put((byte) 0).put((byte) 2).put((byte) 255).putShort((short) 0x3c00).putShort((short) 0xc000);
    GraphDef graph = TfjsModelReader.read("toy", json.getBytes(StandardCharsets.UTF_8), path -> bin.array());
    assertThat(values(graph.getNode(0))).containsExactly(-1f, 0f, 126.5f);
    assertThat(values(graph.getNode(1))).containsExactly(1f, -2f);
  }

  @Test
  void readsFaceresWhoseWeightsAreAllFloat16() {
    ModelResources resources = ModelResources.bundled();
    GraphDef graph = TfjsModelReader.read("faceres", resources.read("human-models/faceres.json"),
        shard -> resources.read("human-models/" + shard));
    NodeDef kernel = graph.getNodeList().stream().filter(n -> n.getName().equals("feats/kernel")).findFirst().orElseThrow();
    float[] w = values(kernel);
    assertThat(w).hasSize(1024 * 256);
    assertThat(kernel.getAttrOrThrow("value").getTensor().getDtype()).isEqualTo(DataType.DT_FLOAT);
    // Dequantized weights are finite and not all equal.
    assertThat(w).doesNotContain(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    assertThat(Arrays.stream(toDoubles(w)).distinct().count()).isGreaterThan(1000);
  }

  @Test
  void truncatedShardsAndUnknownWeightsAreClearErrors() {
    String json = modelJson("""
        {"name": "a", "shape": [4], "dtype": "float32"}""");
    assertThatThrownBy(() -> TfjsModelReader.read("toy", json.getBytes(StandardCharsets.UTF_8), p -> new byte[8]))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("'toy'")
        .hasMessageContaining("truncated");
    String unknown = modelJson("""
        {"name": "zzz", "shape": [1], "dtype": "float32"}""");
    assertThatThrownBy(() -> TfjsModelReader.read("toy", unknown.getBytes(StandardCharsets.UTF_8), p -> new byte[4]))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("'zzz' has no Const node");
    assertThatThrownBy(() -> TfjsModelReader.read("toy", "not json".getBytes(StandardCharsets.UTF_8), p -> null))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("toy");
  }

  private static float[] values(NodeDef node) {
    TensorProto t = node.getAttrOrThrow("value").getTensor();
    ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  private static double[] toDoubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
