package dev.fawkes.tf.model.internal;

import dev.fawkes.ModelException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Reads a float32 TFLite model (a FlatBuffer, identifier {@code TFL3}) into a {@link GraphDef} of
 * differentiable TensorFlow ops.
 *
 * <p>TFLite is NHWC like TensorFlow. Convolution filters are stored OHWI and become HWIO constants;
 * depthwise filters [1, H, W, C*M] have the memory layout of TensorFlow's [H, W, C, M]. Fused
 * activations become separate ops. The batch dimension, often fixed in TFLite files, is made
 * dynamic: the input placeholder's batch is -1, and reshapes whose first dimension equals the
 * file's batch size reshape to -1 instead. Graph inputs and outputs keep their tensor names.
 */
public final class TfliteModelReader {
  // Builtin operator codes (schema.fbs, enum BuiltinOperator).
  private static final int ADD = 0;
  private static final int AVERAGE_POOL_2D = 1;
  private static final int CONCATENATION = 2;
  private static final int CONV_2D = 3;
  private static final int DEPTHWISE_CONV_2D = 4;
  private static final int FULLY_CONNECTED = 9;
  private static final int LOGISTIC = 14;
  private static final int MAX_POOL_2D = 17;
  private static final int MUL = 18;
  private static final int RELU = 19;
  private static final int RELU6 = 21;
  private static final int RESHAPE = 22;
  private static final int SOFTMAX = 25;
  private static final int TANH = 28;
  private static final int SUB = 41;
  private static final int PRELU = 54;
  private static final int ABS = 101;

  // Tensor types (enum TensorType).
  private static final int FLOAT32 = 0;
  private static final int INT32 = 2;

  private final String modelName;
  private final FlatTable subgraph;
  private final FlatTable model;
  private final GraphDefWriter out = new GraphDefWriter();
  /** TFLite tensor index -> node name holding its value. */
  private final Map<Integer, String> nodes = new HashMap<>();
  private long fixedBatch = -1;

  private TfliteModelReader(String modelName, FlatTable model) {
    this.modelName = modelName;
    this.model = model;
    if (model.length(2) != 1) {
      throw new ModelException("Model '" + modelName + "' has " + model.length(2)
          + " subgraphs; only single-subgraph TFLite models are supported");
    }
    this.subgraph = model.tableAt(2, 0);
  }

  /**
   * Reads a TFLite model.
   *
   * @throws ModelException if the file is not a float32 TFLite model or uses an unsupported operator
   */
  public static GraphDef read(String modelName, byte[] tflite) {
    if (!FlatTable.identifier(tflite).equals("TFL3")) {
      throw new ModelException("Model '" + modelName + "' is not a TFLite file (no TFL3 identifier)");
    }
    try {
      return new TfliteModelReader(modelName, FlatTable.root(tflite)).convert();
    } catch (IndexOutOfBoundsException e) {
      throw new ModelException("Model '" + modelName + "': the TFLite file is truncated or corrupt", e);
    }
  }

  private GraphDef convert() {
    for (int input : subgraph.ints(1)) {
      int[] shape = tensor(input).ints(0);
      long[] dims = new long[shape.length];
      for (int i = 0; i < shape.length; i++) {
        dims[i] = i == 0 ? -1 : shape[i];
      }
      if (shape.length > 0) {
        fixedBatch = shape[0];
      }
      nodes.put(input, out.placeholder(tensor(input).string(3), dims));
    }
    for (int i = 0; i < subgraph.length(3); i++) {
      convertOperator(subgraph.tableAt(3, i));
    }
    for (int output : subgraph.ints(2)) {
      // Graph outputs are named after their tensors, so a spec can name them.
      out.add(out.op(tensor(output).string(3), "Identity", value(output)));
    }
    return out.build();
  }

  private void convertOperator(FlatTable op) {
    FlatTable code = model.tableAt(1, op.getInt(0, 0));
    int builtin = Math.max(code.getByte(0, 0), code.getInt(3, 0));
    int[] in = op.ints(1);
    int[] outputs = op.ints(2);
    FlatTable options = op.table(4);
    String name = "op" + nodes.size() + "_" + tensor(outputs[0]).string(3);
    String result = switch (builtin) {
      case CONV_2D -> {
        String filter = out.constant(name + "/filter", ohwiToHwio(in[1]), hwioShape(in[1]));
        String conv = out.conv(name + "/conv", "Conv2D", value(in[0]), filter,
            hw(options, 2, 1), hw(options, 5, 4), padding(options.getByte(0, 0)));
        yield activation(name, bias(name, conv, in), options.getByte(3, 0));
      }
      case DEPTHWISE_CONV_2D -> {
        int[] shape = tensor(in[1]).ints(0); // [1, H, W, C*M]
        int multiplier = options.getInt(3, 1);
        String filter = out.constant(name + "/filter", floats(in[1]),
            shape[1], shape[2], shape[3] / multiplier, multiplier);
        String conv = out.conv(name + "/conv", "DepthwiseConv2dNative", value(in[0]), filter,
            hw(options, 2, 1), hw(options, 6, 5), padding(options.getByte(0, 0)));
        yield activation(name, bias(name, conv, in), options.getByte(4, 0));
      }
      case FULLY_CONNECTED -> {
        int[] w = tensor(in[1]).ints(0); // [O, I]
        String x = out.reshape(name + "/flatten", value(in[0]), -1, w[1]);
        String matmul = out.add(out.op(name + "/matmul", "MatMul", x, value(in[1]))
            .putAttr("transpose_b", org.tensorflow.proto.AttrValue.newBuilder().setB(true).build()));
        yield activation(name, bias(name, matmul, in), options == null ? 0 : options.getByte(0, 0));
      }
      case ADD -> activation(name, out.add(out.op(name + "/add", "AddV2", value(in[0]), value(in[1]))),
          options == null ? 0 : options.getByte(0, 0));
      case SUB -> activation(name, out.add(out.op(name + "/sub", "Sub", value(in[0]), value(in[1]))),
          options == null ? 0 : options.getByte(0, 0));
      case MUL -> activation(name, out.add(out.op(name + "/mul", "Mul", value(in[0]), value(in[1]))),
          options == null ? 0 : options.getByte(0, 0));
      case RELU -> out.add(out.op(name, "Relu", value(in[0])));
      case RELU6 -> out.add(out.op(name, "Relu6", value(in[0])));
      case ABS -> out.add(out.op(name, "Abs", value(in[0])));
      case LOGISTIC -> out.add(out.op(name, "Sigmoid", value(in[0])));
      case TANH -> out.add(out.op(name, "Tanh", value(in[0])));
      case PRELU -> out.prelu(name, value(in[0]), value(in[1]));
      case SOFTMAX -> {
        if (options != null && options.getFloat(0, 1f) != 1f) {
          throw unsupported(builtin, "softmax beta " + options.getFloat(0, 1f));
        }
        yield out.add(out.op(name, "Softmax", value(in[0])));
      }
      case MAX_POOL_2D, AVERAGE_POOL_2D -> {
        String pool = out.add(out.op(name + "/pool", builtin == MAX_POOL_2D ? "MaxPool" : "AvgPool", value(in[0]))
            .putAttr("ksize", GraphDefWriter.ints(1, options.getInt(4, 1), options.getInt(3, 1), 1))
            .putAttr("strides", GraphDefWriter.ints(1, options.getInt(2, 1), options.getInt(1, 1), 1))
            .putAttr("padding", GraphDefWriter.string(padding(options.getByte(0, 0)))));
        yield activation(name, pool, options.getByte(5, 0));
      }
      case RESHAPE -> {
        int[] shape = in.length > 1 && isConstant(in[1]) ? ints(in[1]) : options.ints(0);
        shape = shape.clone();
        if (shape.length > 0 && shape[0] == fixedBatch) {
          shape[0] = -1;
        }
        yield out.reshape(name, value(in[0]), shape);
      }
      case CONCATENATION -> {
        NodeDef.Builder concat = out.op(name + "/concat", "ConcatV2");
        for (int t : in) {
          concat.addInput(value(t));
        }
        concat.addInput(out.constant(name + "/axis", new int[] {options.getInt(0, 0)}));
        concat.putAttr("N", org.tensorflow.proto.AttrValue.newBuilder().setI(in.length).build())
            .putAttr("Tidx", org.tensorflow.proto.AttrValue.newBuilder()
                .setType(org.tensorflow.proto.DataType.DT_INT32).build());
        yield activation(name, out.add(concat), options.getByte(1, 0));
      }
      default -> throw unsupported(builtin, null);
    };
    nodes.put(outputs[0], result);
  }

  private String bias(String name, String x, int[] in) {
    if (in.length < 3 || in[2] < 0) {
      return x;
    }
    return out.add(out.op(name + "/bias", "BiasAdd", x, value(in[2])));
  }

  private String activation(String name, String x, int fused) {
    return switch (fused) {
      case 0 -> x;
      case 1 -> out.add(out.op(name + "/relu", "Relu", x));
      case 3 -> out.add(out.op(name + "/relu6", "Relu6", x));
      case 4 -> out.add(out.op(name + "/tanh", "Tanh", x));
      default -> throw new ModelException("Model '" + modelName + "': fused activation " + fused
          + " is not supported; supported: NONE, RELU, RELU6, TANH");
    };
  }

  /** TFLite's Padding enum: SAME = 0, VALID = 1. */
  private static String padding(int code) {
    return code == 0 ? "SAME" : "VALID";
  }

  /** An (h, w) pair of int options, each 1 when absent. */
  private static long[] hw(FlatTable options, int hField, int wField) {
    return new long[] {options.getInt(hField, 1), options.getInt(wField, 1)};
  }

  /** The node holding a tensor's value, creating a constant for weight tensors. */
  private String value(int index) {
    return nodes.computeIfAbsent(index, i -> {
      if (!isConstant(i)) {
        throw new ModelException("Model '" + modelName + "': tensor '" + tensor(i).string(3)
            + "' is read before any operator writes it");
      }
      long[] dims = java.util.Arrays.stream(tensor(i).ints(0)).asLongStream().toArray();
      return switch (tensor(i).getByte(1, FLOAT32)) {
        case FLOAT32 -> out.constant(tensor(i).string(3), floats(i), dims);
        case INT32 -> out.constant(tensor(i).string(3), ints(i), dims);
        default -> throw new ModelException("Model '" + modelName + "': tensor '" + tensor(i).string(3)
            + "' has type " + tensor(i).getByte(1, FLOAT32) + "; only float32 (unquantized) models are supported");
      };
    });
  }

  private FlatTable tensor(int index) {
    return subgraph.tableAt(0, index);
  }

  private ByteBuffer data(int tensorIndex) {
    return model.tableAt(4, tensor(tensorIndex).getInt(2, 0)).bytes(0);
  }

  private boolean isConstant(int tensorIndex) {
    return data(tensorIndex).remaining() > 0;
  }

  private float[] floats(int tensorIndex) {
    if (tensor(tensorIndex).getByte(1, FLOAT32) != FLOAT32) {
      throw new ModelException("Model '" + modelName + "': weight '" + tensor(tensorIndex).string(3)
          + "' is not float32; quantized TFLite models are not supported");
    }
    ByteBuffer bytes = data(tensorIndex);
    float[] values = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  private int[] ints(int tensorIndex) {
    ByteBuffer bytes = data(tensorIndex);
    int[] values = new int[bytes.remaining() / 4];
    bytes.asIntBuffer().get(values);
    return values;
  }

  private float[] ohwiToHwio(int tensorIndex) {
    int[] s = tensor(tensorIndex).ints(0);
    int o = s[0];
    int h = s[1];
    int w = s[2];
    int c = s[3];
    float[] src = floats(tensorIndex);
    float[] dst = new float[src.length];
    for (int oi = 0; oi < o; oi++) {
      for (int hi = 0; hi < h; hi++) {
        for (int wi = 0; wi < w; wi++) {
          for (int ci = 0; ci < c; ci++) {
            dst[((hi * w + wi) * c + ci) * o + oi] = src[((oi * h + hi) * w + wi) * c + ci];
          }
        }
      }
    }
    return dst;
  }

  private long[] hwioShape(int tensorIndex) {
    int[] s = tensor(tensorIndex).ints(0);
    return new long[] {s[1], s[2], s[3], s[0]};
  }

  private ModelException unsupported(int builtin, String detail) {
    return new ModelException("Model '" + modelName + "': TFLite operator " + builtin
        + (detail != null ? " (" + detail + ")" : "") + " is not supported; supported: CONV_2D, "
        + "DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, SUB, MUL, RELU, RELU6, ABS, LOGISTIC, TANH, PRELU, "
        + "SOFTMAX, MAX_POOL_2D, AVERAGE_POOL_2D, RESHAPE, CONCATENATION");
  }
}
