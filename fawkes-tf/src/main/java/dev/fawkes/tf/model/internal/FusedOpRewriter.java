package dev.fawkes.tf.model.internal;

import dev.fawkes.ModelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Rewrites the fused ops that model converters emit into differentiable primitive ops.
 *
 * <p>{@code _FusedConv2D}, {@code _FusedMatMul} and TF.js's {@code FusedDepthwiseConv2dNative} have
 * no gradient in TensorFlow (the last is not even a TensorFlow op). Each becomes its primitive
 * (Conv2D, MatMul, DepthwiseConv2dNative) followed by {@code BiasAdd} and the fused activation. The
 * node that ends the chain keeps the fused node's name, so consumers need no rewiring. TF.js's
 * standalone {@code Prelu}, also unknown to TensorFlow, becomes primitives the same way. Device
 * placements recorded by the converter are cleared.
 */
public final class FusedOpRewriter {
  private static final Set<String> CONV_ATTRS =
      Set.of("T", "strides", "padding", "explicit_paddings", "data_format", "dilations");
  private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
  private static final Set<String> MATMUL_ATTRS = Set.of("T", "transpose_a", "transpose_b");

  private FusedOpRewriter() {}

  /**
   * Returns {@code graph} with every fused op rewritten.
   *
   * @throws ModelException naming the model, node and fused operation if one is not supported
   */
  public static GraphDef rewrite(String modelName, GraphDef graph) {
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef node : graph.getNodeList()) {
      String primitive = switch (node.getOp()) {
        case "_FusedConv2D" -> "Conv2D";
        case "FusedDepthwiseConv2dNative" -> "DepthwiseConv2dNative";
        case "_FusedMatMul" -> "MatMul";
        default -> null;
      };
      if (node.getOp().equals("Prelu")) {
        // TF.js's Prelu is not a TensorFlow op either.
        out.addAllNode(prelu(node.getName(), node.getInput(0), node.getInput(1), node.getAttrOrDefault("T", FLOAT)));
      } else if (primitive == null) {
        out.addNode(node.toBuilder().clearDevice());
      } else {
        out.addAllNode(unfuse(modelName, node, primitive));
      }
    }
    return out.build();
  }

  private static List<NodeDef> unfuse(String modelName, NodeDef node, String primitive) {
    List<String> fusedOps = new ArrayList<>();
    for (var s : node.getAttrOrThrow("fused_ops").getList().getSList()) {
      fusedOps.add(s.toString(StandardCharsets.UTF_8));
    }
    List<String> data = new ArrayList<>();
    List<String> control = new ArrayList<>();
    for (String input : node.getInputList()) {
      (input.startsWith("^") ? control : data).add(input);
    }
    if (fusedOps.isEmpty() || !fusedOps.get(0).equals("BiasAdd") || fusedOps.size() > 2) {
      throw unsupported(modelName, node, fusedOps);
    }
    String activation = fusedOps.size() == 2 ? fusedOps.get(1) : null;
    int expectedArgs = "Prelu".equals(activation) ? 2 : 1;
    if (data.size() != 2 + expectedArgs) {
      throw new ModelException("Model '" + modelName + "': fused node '" + node.getName() + "' has "
          + data.size() + " inputs, expected " + (2 + expectedArgs) + " for " + fusedOps);
    }

    Set<String> keep = primitive.equals("MatMul") ? MATMUL_ATTRS : CONV_ATTRS;
    NodeDef.Builder core = NodeDef.newBuilder()
        .setName(node.getName() + "/unfused_op")
        .setOp(primitive)
        .addInput(data.get(0))
        .addInput(data.get(1))
        .addAllInput(control);
    node.getAttrMap().forEach((k, v) -> {
      if (keep.contains(k)) {
        core.putAttr(k, v);
      }
    });
    if (primitive.equals("Conv2D") && node.containsAttr("use_cudnn_on_gpu")) {
      core.putAttr("use_cudnn_on_gpu", node.getAttrOrThrow("use_cudnn_on_gpu"));
    }
    AttrValue type = node.getAttrOrDefault("T", FLOAT);
    NodeDef.Builder bias = NodeDef.newBuilder()
        .setName(activation == null ? node.getName() : node.getName() + "/unfused_bias")
        .setOp("BiasAdd")
        .addInput(core.getName())
        .addInput(data.get(2))
        .putAttr("T", type);
    if (!primitive.equals("MatMul") && node.containsAttr("data_format")) {
      bias.putAttr("data_format", node.getAttrOrThrow("data_format"));
    }
    List<NodeDef> nodes = new ArrayList<>(List.of(core.build(), bias.build()));
    if (activation != null) {
      nodes.addAll(activation(modelName, node, activation, bias.getName(), data, type));
    }
    return nodes;
  }

  private static List<NodeDef> activation(
      String modelName, NodeDef node, String activation, String x, List<String> data, AttrValue type) {
    String name = node.getName();
    switch (activation) {
      case "Relu", "Relu6", "Elu", "Selu", "Sigmoid", "Tanh" -> {
        return List.of(unary(name, activation, x, type));
      }
      case "LeakyRelu" -> {
        NodeDef.Builder leaky = unary(name, "LeakyRelu", x, type).toBuilder();
        if (node.containsAttr("leakyrelu_alpha")) {
          leaky.putAttr("alpha", AttrValue.newBuilder().setF(node.getAttrOrThrow("leakyrelu_alpha").getF()).build());
        }
        return List.of(leaky.build());
      }
      case "Prelu" -> {
        return prelu(name, x, data.get(3), type);
      }
      default -> throw unsupported(modelName, node, List.of("BiasAdd", activation));
    }
  }

  /** prelu(x) = relu(x) + alpha * (x - relu(x)): primitives whose gradients TensorFlow has. */
  private static List<NodeDef> prelu(String name, String x, String alpha, AttrValue type) {
    NodeDef pos = unary(name + "/prelu_pos", "Relu", x, type);
    NodeDef neg = binary(name + "/prelu_neg", "Sub", x, pos.getName(), type);
    NodeDef scaled = binary(name + "/prelu_scaled", "Mul", alpha, neg.getName(), type);
    NodeDef sum = binary(name, "AddV2", pos.getName(), scaled.getName(), type);
    return List.of(pos, neg, scaled, sum);
  }

  private static NodeDef unary(String name, String op, String x, AttrValue type) {
    return NodeDef.newBuilder().setName(name).setOp(op).addInput(x).putAttr("T", type).build();
  }

  private static NodeDef binary(String name, String op, String a, String b, AttrValue type) {
    return NodeDef.newBuilder().setName(name).setOp(op).addInput(a).addInput(b).putAttr("T", type).build();
  }

  private static ModelException unsupported(String modelName, NodeDef node, List<String> fusedOps) {
    return new ModelException("Model '" + modelName + "': node '" + node.getName() + "' fuses "
        + fusedOps + " into " + node.getOp() + ", which the importer cannot rewrite; supported: "
        + "BiasAdd followed by at most one of Relu, Relu6, Elu, Selu, LeakyRelu, Sigmoid, Tanh, Prelu");
  }
}
