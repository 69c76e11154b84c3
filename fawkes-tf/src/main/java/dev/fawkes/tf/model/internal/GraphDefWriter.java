package dev.fawkes.tf.model.internal;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Builds a float32 {@link GraphDef} node by node, for the importers of formats that are not
 * TensorFlow graphs (TFLite, ONNX, OpenVINO IR). Node names are made valid and unique. Not
 * thread-safe.
 */
final class GraphDefWriter {
  private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
  private static final AttrValue INT32 = AttrValue.newBuilder().setType(DataType.DT_INT32).build();

  private final GraphDef.Builder graph = GraphDef.newBuilder();
  private final Set<String> names = new HashSet<>();

  /** Returns a valid node name, unique in this graph, derived from {@code hint}. */
  String uniqueName(String hint) {
    String base = hint.replaceAll("[^A-Za-z0-9_./-]", "_").replaceAll("^[^A-Za-z0-9.]+", "");
    if (base.isEmpty()) {
      base = "node";
    }
    String name = base;
    for (int i = 1; !names.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** Adds a float32 placeholder of the given shape (-1 for unknown dimensions). */
  String placeholder(String hint, long... shape) {
    String name = uniqueName(hint);
    graph.addNode(NodeDef.newBuilder().setName(name).setOp("Placeholder").putAttr("dtype", FLOAT)
        .putAttr("shape", AttrValue.newBuilder().setShape(shape(shape)).build()));
    return name;
  }

  /** Adds a float32 constant. */
  String constant(String hint, float[] values, long... shape) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return constant(hint, DataType.DT_FLOAT, bytes.array(), shape);
  }

  /** Adds an int32 constant. */
  String constant(String hint, int[] values, long... shape) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asIntBuffer().put(values);
    return constant(hint, DataType.DT_INT32, bytes.array(), shape);
  }

  private String constant(String hint, DataType type, byte[] content, long... shape) {
    String name = uniqueName(hint);
    TensorProto tensor = TensorProto.newBuilder().setDtype(type).setTensorShape(shape(shape))
        .setTensorContent(ByteString.copyFrom(content)).build();
    graph.addNode(NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(type).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()));
    return name;
  }

  /** Starts a float32 op node (attribute {@code T} set) reading {@code inputs}; call {@link #add}. */
  NodeDef.Builder op(String hint, String op, String... inputs) {
    NodeDef.Builder node = NodeDef.newBuilder().setName(uniqueName(hint)).setOp(op).putAttr("T", FLOAT);
    for (String input : inputs) {
      node.addInput(input);
    }
    return node;
  }

  /** Adds a node started with {@link #op} and returns its name. */
  String add(NodeDef.Builder node) {
    graph.addNode(node);
    return node.getName();
  }

  /**
   * Adds {@code Identity(x)} named exactly {@code reservedName}, a name {@link #uniqueName} returned
   * earlier: reserving a model's output names first keeps nodes named after inner tensors off them.
   */
  String identity(String reservedName, String x) {
    graph.addNode(NodeDef.newBuilder().setName(reservedName).setOp("Identity").addInput(x).putAttr("T", FLOAT));
    return reservedName;
  }

  /** Adds {@code Reshape(x, shape)}. */
  String reshape(String hint, String x, int... shape) {
    return add(op(hint, "Reshape", x, constant(hint + "/shape", shape, shape.length)).putAttr("Tshape", INT32));
  }

  /** Adds {@code Transpose(x, perm)}. */
  String transpose(String hint, String x, int... perm) {
    return add(op(hint, "Transpose", x, constant(hint + "/perm", perm, perm.length)).putAttr("Tperm", INT32));
  }

  /**
   * Adds a 2-D convolution over NHWC: {@code op} is Conv2D (filter HWIO) or DepthwiseConv2dNative
   * (filter HWCM); padding is "SAME" or "VALID".
   */
  String conv(String hint, String op, String x, String filter, long[] strideHw, long[] dilationHw, String padding) {
    return add(op(hint, op, x, filter)
        .putAttr("strides", ints(1, strideHw[0], strideHw[1], 1))
        .putAttr("dilations", ints(1, dilationHw[0], dilationHw[1], 1))
        .putAttr("padding", string(padding)));
  }

  /**
   * Adds a Conv2D over NHWC with weights in the OIHW order of ONNX and OpenVINO ([O, I, kh, kw]),
   * converted to TensorFlow's HWIO.
   */
  String convOihw(String hint, String x, float[] oihw, int o, int i, int kh, int kw, long[] strideHw,
      long[] dilationHw, String padding) {
    float[] hwio = new float[oihw.length];
    for (int oi = 0; oi < o; oi++) {
      for (int ci = 0; ci < i; ci++) {
        for (int hi = 0; hi < kh; hi++) {
          for (int wi = 0; wi < kw; wi++) {
            hwio[((hi * kw + wi) * i + ci) * o + oi] = oihw[((oi * i + ci) * kh + hi) * kw + wi];
          }
        }
      }
    }
    return conv(hint, "Conv2D", x, constant(hint + "/w", hwio, kh, kw, i, o), strideHw, dilationHw, padding);
  }

  /**
   * Adds a depthwise convolution over NHWC with weights [C * M, 1, kh, kw] (output channel c * M + m,
   * as ONNX's group = C and OpenVINO's [C, M, 1, kh, kw] store them), converted to TensorFlow's HWCM.
   */
  String depthwiseOihw(String hint, String x, float[] weights, int channels, int multiplier, int kh, int kw,
      long[] strideHw, long[] dilationHw, String padding) {
    float[] hwcm = new float[weights.length];
    for (int c = 0; c < channels; c++) {
      for (int m = 0; m < multiplier; m++) {
        for (int hi = 0; hi < kh; hi++) {
          for (int wi = 0; wi < kw; wi++) {
            hwcm[((hi * kw + wi) * channels + c) * multiplier + m] = weights[((c * multiplier + m) * kh + hi) * kw + wi];
          }
        }
      }
    }
    return conv(hint, "DepthwiseConv2dNative", x, constant(hint + "/w", hwcm, kh, kw, channels, multiplier), strideHw,
        dilationHw, padding);
  }

  /** Adds prelu(x) = relu(x) + alpha * (x - relu(x)), from primitives that have gradients. */
  String prelu(String hint, String x, String alpha) {
    String pos = add(op(hint + "/relu", "Relu", x));
    String neg = add(op(hint + "/neg", "Sub", x, pos));
    String scaled = add(op(hint + "/scaled", "Mul", alpha, neg));
    return add(op(hint, "AddV2", pos, scaled));
  }

  GraphDef build() {
    return graph.build();
  }

  static AttrValue ints(long... values) {
    AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
    for (long v : values) {
      list.addI(v);
    }
    return AttrValue.newBuilder().setList(list).build();
  }

  static AttrValue string(String value) {
    return AttrValue.newBuilder().setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
  }

  static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return shape.build();
  }
}
