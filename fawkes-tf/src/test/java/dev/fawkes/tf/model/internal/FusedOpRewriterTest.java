package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.fawkes.ModelException;
import dev.fawkes.tf.model.ImageBatch;
import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

class FusedOpRewriterTest {
  private static final Set<String> FUSED = Set.of("_FusedConv2D", "_FusedMatMul", "FusedDepthwiseConv2dNative");
  private final ModelResources resources = ModelResources.bundled();

  /** Models whose fused ops TensorFlow can run as they are, so both graphs can be compared. */
  @ParameterizedTest
  @ValueSource(strings = {"faceres", "blazeface"})
  void rewrittenGraphComputesExactlyWhatTheFusedGraphComputes(String name) {
    GraphDef raw = read(name);
    GraphDef rewritten = FusedOpRewriter.rewrite(name, raw);
    assertThat(rewritten.getNodeList()).extracting(NodeDef::getOp).doesNotContainAnyElementsOf(FUSED);
    assertThat(rewritten.getNodeList()).allSatisfy(n -> assertThat(n.getDevice()).isEmpty());
    assertThat(raw.getNodeList()).extracting(NodeDef::getOp).containsAnyElementsOf(FUSED);

    List<String> sinks = sinks(raw);
    List<float[]> expected = run(runnableAsFused(raw), sinks);
    List<float[]> actual = run(rewritten, sinks);
    for (int i = 0; i < sinks.size(); i++) {
      assertThat(actual.get(i)).as(sinks.get(i)).containsExactly(expected.get(i));
    }
  }

  /** mobilefacenet and facemesh fuse ops TensorFlow cannot run fused; the rewrite must remove them all. */
  @ParameterizedTest
  @ValueSource(strings = {"mobilefacenet", "facemesh"})
  void rewritesEveryFusedOpOfTheOtherFaceModels(String name) {
    GraphDef raw = read(name);
    GraphDef rewritten = FusedOpRewriter.rewrite(name, raw);
    assertThat(rewritten.getNodeList()).extracting(NodeDef::getOp).doesNotContainAnyElementsOf(FUSED);
    // Every output still computes, and nothing is NaN.
    for (float[] out : run(rewritten, sinks(raw))) {
      assertThat(out).isNotEmpty().doesNotContain(Float.NaN);
    }
  }

  @Test
  void preluIsRewrittenToItsDefinition() {
    // x = [-2, 3] through a 1x1 convolution with weight 1, bias 0.5, Prelu alpha 0.25:
    // prelu(-1.5) = -0.375, prelu(3.5) = 3.5.
    GraphDef graph = GraphDef.newBuilder()
        .addNode(constant("x", new float[] {-2, 3}, 1, 1, 2, 1))
        .addNode(constant("w", new float[] {1}, 1, 1, 1, 1))
        .addNode(constant("b", new float[] {0.5f}, 1))
        .addNode(constant("alpha", new float[] {0.25f}, 1))
        .addNode(NodeDef.newBuilder().setName("conv").setOp("_FusedConv2D")
            .addInput("x").addInput("w").addInput("b").addInput("alpha")
            .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
            .putAttr("strides", ints(1, 1, 1, 1))
            .putAttr("padding", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("VALID")).build())
            .putAttr("num_args", AttrValue.newBuilder().setI(2).build())
            .putAttr("fused_ops", strings("BiasAdd", "Prelu")))
        .build();
    assertThat(run(FusedOpRewriter.rewrite("toy", graph), List.of("conv")).get(0))
        .containsExactly(-0.375f, 3.5f);
  }

  @Test
  void unsupportedFusionIsAClearErrorNamingModelNodeAndOps() {
    GraphDef graph = GraphDef.newBuilder()
        .addNode(NodeDef.newBuilder().setName("bn_conv").setOp("_FusedConv2D")
            .addInput("x").addInput("w").addInput("a").addInput("b").addInput("c").addInput("d")
            .putAttr("fused_ops", strings("FusedBatchNorm", "Relu")))
        .build();
    assertThatThrownBy(() -> FusedOpRewriter.rewrite("toy-model", graph))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("toy-model")
        .hasMessageContaining("bn_conv")
        .hasMessageContaining("FusedBatchNorm");
  }

  private GraphDef read(String name) {
    String json = "human-models/" + name + ".json";
    return TfjsModelReader.read(name, resources.read(json), shard -> resources.read("human-models/" + shard));
  }

  /** The fused graph as TensorFlow imports it: a TArgs attr on each fused op, no device pins. */
  private static GraphDef runnableAsFused(GraphDef raw) {
    GraphDef.Builder graph = raw.toBuilder();
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      node.clearDevice();
      if (FUSED.contains(node.getOp())) {
        AttrValue.ListValue.Builder types = AttrValue.ListValue.newBuilder();
        for (long i = 0; i < node.getAttrOrThrow("num_args").getI(); i++) {
          types.addType(DataType.DT_FLOAT);
        }
        node.putAttr("TArgs", AttrValue.newBuilder().setList(types).build());
      }
    }
    return graph.build();
  }

  /** Nodes no other node reads: the model's outputs. */
  private static List<String> sinks(GraphDef graph) {
    Set<String> read = new HashSet<>();
    for (NodeDef node : graph.getNodeList()) {
      for (String input : node.getInputList()) {
        read.add(input.replaceFirst("^\\^", "").replaceFirst(":\\d+$", ""));
      }
    }
    List<String> sinks = new ArrayList<>();
    for (NodeDef node : graph.getNodeList()) {
      if (!read.contains(node.getName()) && !node.getOp().equals("Const")) {
        sinks.add(node.getName());
      }
    }
    return sinks;
  }

  /** Imports a graph as it is and runs it on a real face, resized to the placeholder's size. */
  private static List<float[]> run(GraphDef graphDef, List<String> fetches) {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      graph.importGraphDef(graphDef);
      Session.Runner runner = session.runner();
      List<Tensor> fed = new ArrayList<>();
      try {
        for (String placeholder : GraphImporter.placeholders(graphDef)) {
          Shape shape = graph.operation(placeholder).output(0).shape();
          int h = (int) shape.get(1);
          int w = (int) shape.get(2);
          BufferedImage face = Faces.canonicalCrop(SharedData.lfwUser("Serena_Williams", 1).get(0));
          BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
          resized.getGraphics().drawImage(face, 0, 0, w, h, null);
          TFloat32 tensor = ImageTensors.of(ImageBatch.of(List.of(resized)));
          fed.add(tensor);
          runner.feed(placeholder, tensor);
        }
        fetches.forEach(runner::fetch);
        List<float[]> outputs = new ArrayList<>();
        try (Result result = runner.run()) {
          for (int i = 0; i < fetches.size(); i++) {
            TFloat32 out = (TFloat32) result.get(i);
            float[] values = new float[(int) out.size()];
            out.asRawTensor().data().asFloats().read(values);
            outputs.add(values);
          }
        }
        return outputs;
      } finally {
        fed.forEach(Tensor::close);
      }
    }
  }

  private static NodeDef constant(String name, float[] values, long... shape) {
    var tensor = org.tensorflow.proto.TensorProto.newBuilder().setDtype(DataType.DT_FLOAT);
    var dims = org.tensorflow.proto.TensorShapeProto.newBuilder();
    for (long d : shape) {
      dims.addDim(org.tensorflow.proto.TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    tensor.setTensorShape(dims);
    for (float v : values) {
      tensor.addFloatVal(v);
    }
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build())
        .build();
  }

  private static AttrValue ints(long... values) {
    AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
    for (long v : values) {
      list.addI(v);
    }
    return AttrValue.newBuilder().setList(list).build();
  }

  private static AttrValue strings(String... values) {
    AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
    for (String v : values) {
      list.addS(ByteString.copyFromUtf8(v));
    }
    return AttrValue.newBuilder().setList(list).build();
  }
}
