package dev.fawkes.bench;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Puts a per-channel normalisation, {@code (x / 255 - mean[c]) / std[c]}, in front of a model's
 * input, for models trained on ImageNet's statistics: the library's {@code PixelScaling} has one
 * mean and one deviation for all channels. The model is then fed RGB in 0..255.
 */
final class PerChannelInput {
  private PerChannelInput() {}

  /**
   * The graph with every reader of {@code input} (an NHWC placeholder) reading the normalised value
   * instead.
   */
  static GraphDef prepend(GraphDef graph, String input, float[] mean, float[] std) {
    checkArgument(mean.length == std.length && mean.length > 0, "one mean and one std per channel");
    boolean found = graph.getNodeList().stream().anyMatch(n -> n.getName().equals(input) && n.getOp().equals("Placeholder"));
    checkArgument(found, "the graph has no placeholder '%s'", input);
    float[] scale = new float[mean.length];
    float[] shift = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      scale[c] = 1f / (255f * std[c]);
      shift[c] = -mean[c] / std[c];
    }
    String prefix = input + "/per_channel";
    GraphDef.Builder out = GraphDef.newBuilder(graph).clearNode();
    for (NodeDef node : graph.getNodeList()) {
      NodeDef.Builder b = node.toBuilder();
      for (int i = 0; i < b.getInputCount(); i++) {
        if (b.getInput(i).equals(input) || b.getInput(i).equals(input + ":0")) {
          b.setInput(i, prefix + "/shifted");
        }
      }
      out.addNode(b);
    }
    out.addNode(constant(prefix + "/scale", scale));
    out.addNode(constant(prefix + "/shift", shift));
    AttrValue floatType = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
    out.addNode(NodeDef.newBuilder().setName(prefix + "/scaled").setOp("Mul").addInput(input)
        .addInput(prefix + "/scale").putAttr("T", floatType));
    out.addNode(NodeDef.newBuilder().setName(prefix + "/shifted").setOp("AddV2").addInput(prefix + "/scaled")
        .addInput(prefix + "/shift").putAttr("T", floatType));
    return out.build();
  }

  private static NodeDef constant(String name, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length)))
        .setTensorContent(ByteString.copyFrom(bytes.array())).build();
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
  }
}
