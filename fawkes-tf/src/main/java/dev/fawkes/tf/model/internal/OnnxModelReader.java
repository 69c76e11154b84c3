package dev.fawkes.tf.model.internal;

import dev.fawkes.ModelException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;

/**
 * Reads a float32 ONNX model into a {@link GraphDef} of differentiable TensorFlow ops, in NHWC.
 *
 * <p>ONNX convolutions are NCHW, which TensorFlow's CPU kernels do not run. The converted graph
 * therefore keeps every 4-D activation in NHWC: the input placeholder is NHWC, convolution weights
 * become HWIO (or HWCM for depthwise), per-channel constants ([C,1,1]) become [C], and where an op
 * depends on the NCHW element order (Flatten, Reshape) the tensor is transposed back to NCHW first.
 * The batch dimension is dynamic. Supported: Conv (group 1 or depthwise), BatchNormalization,
 * PRelu, Relu, Clip, Sigmoid, Tanh, Add, Sub, Mul, Gemm, MatMul, Flatten, Reshape, MaxPool,
 * AveragePool, GlobalAveragePool, Concat, Identity, Dropout, and Constant, whose value is used like
 * an initializer (so it can be a Clip bound, a Reshape shape or an Add operand).
 */
public final class OnnxModelReader {
  private static final AttrValue INT32 = AttrValue.newBuilder().setType(DataType.DT_INT32).build();

  /** A converted value: its node, rank, and whether it is a 4-D tensor held as NHWC. */
  private record Value(String node, int rank, boolean nhwc) {}

  private final String modelName;
  private final OnnxProto.Graph graph;
  private final GraphDefWriter out = new GraphDefWriter();
  private final Map<String, Value> values = new HashMap<>();
  /** Initializers and the outputs of Constant nodes. */
  private final Map<String, OnnxProto.Tensor> constants;
  private long fixedBatch = -1;

  private OnnxModelReader(String modelName, OnnxProto.Graph graph) {
    this.modelName = modelName;
    this.graph = graph;
    this.constants = new HashMap<>(graph.initializers());
  }

  /**
   * Reads an ONNX model. Its single input must be an NCHW image batch; it becomes an NHWC
   * placeholder of the same name. Each graph output becomes an {@code Identity} node of its name.
   *
   * @throws ModelException if the file is not ONNX or uses an unsupported op or attribute
   */
  public static GraphDef read(String modelName, byte[] onnx) {
    OnnxProto.Graph graph;
    try {
      graph = OnnxProto.parseModel(onnx);
    } catch (IOException | RuntimeException e) {
      throw new ModelException("Model '" + modelName + "' is not a readable ONNX model: " + e.getMessage(), e);
    }
    return new OnnxModelReader(modelName, graph).convert();
  }

  private GraphDef convert() {
    if (graph.inputs().size() != 1) {
      throw new ModelException("Model '" + modelName + "' has inputs " + graph.inputs().keySet()
          + "; exactly one image input is supported");
    }
    var input = graph.inputs().entrySet().iterator().next();
    long[] nchw = input.getValue();
    if (nchw.length != 4) {
      throw new ModelException("Model '" + modelName + "': input '" + input.getKey() + "' has shape "
          + Arrays.toString(nchw) + "; an NCHW image batch is expected");
    }
    fixedBatch = nchw[0];
    values.put(input.getKey(), new Value(out.placeholder(input.getKey(), -1, nchw[2], nchw[3], nchw[1]), 4, true));
    // The nodes that compute an output are often named after it; the Identity must keep the name.
    Map<String, String> outputNodes = new HashMap<>();
    for (String output : graph.outputs()) {
      outputNodes.put(output, out.uniqueName(output));
    }
    for (OnnxProto.Node node : graph.nodes()) {
      try {
        convert(node);
      } catch (RuntimeException e) {
        if (e instanceof ModelException) {
          throw e;
        }
        throw new ModelException("Model '" + modelName + "': cannot convert node '" + node.name() + "' ("
            + node.opType() + "): " + e, e);
      }
    }
    for (String output : graph.outputs()) {
      Value v = value(output);
      String node = v.nhwc ? out.transpose(output + "/nchw", v.node, 0, 3, 1, 2) : v.node;
      out.identity(outputNodes.get(output), node);
    }
    return out.build();
  }

  private void convert(OnnxProto.Node n) {
    String name = n.outputs().get(0);
    if (n.opType().equals("Constant")) {
      constants.put(name, constantValue(n));
      return;
    }
    Value x = n.inputs().isEmpty() || constants.containsKey(n.inputs().get(0)) ? null : value(n.inputs().get(0));
    Value result = switch (n.opType()) {
      case "Conv" -> conv(n, name, x);
      case "BatchNormalization" -> batchNorm(n, name, x);
      case "PRelu" -> new Value(out.prelu(name, x.node, perChannel(n.inputs().get(1), name + "/slope")), x.rank, x.nhwc);
      case "Relu", "Sigmoid", "Tanh" -> new Value(out.add(out.op(name, n.opType(), x.node)), x.rank, x.nhwc);
      case "Clip" -> clip(n, name, x);
      case "Identity", "Dropout" -> x;
      case "Add", "Sub", "Mul" -> binary(n, name);
      case "Gemm" -> gemm(n, name, x);
      case "MatMul" -> new Value(out.add(out.op(name, "MatMul", x.node,
          constant(n.inputs().get(1), name + "/b"))), 2, false);
      case "Flatten" -> {
        if (n.i("axis", 1) != 1) {
          throw unsupported(n, "axis " + n.i("axis", 1));
        }
        yield new Value(flatten(name, x), 2, false);
      }
      case "Reshape" -> reshape(n, name, x);
      case "MaxPool", "AveragePool" -> pool(n, name, x);
      case "GlobalAveragePool" -> new Value(out.add(out.op(name, "Mean", x.node,
          out.constant(name + "/axes", new int[] {1, 2}, 2)).putAttr("Tidx", INT32)
          .putAttr("keep_dims", AttrValue.newBuilder().setB(true).build())), 4, true);
      case "Concat" -> concat(n, name);
      default -> throw unsupported(n, null);
    };
    values.put(name, result);
  }

  private Value conv(OnnxProto.Node n, String name, Value x) {
    OnnxProto.Tensor w = initializer(n.inputs().get(1));
    int o = (int) w.dims()[0];
    int ipg = (int) w.dims()[1];
    int kh = (int) w.dims()[2];
    int kw = (int) w.dims()[3];
    long group = n.i("group", 1);
    if (!n.s("auto_pad", "NOTSET").equals("NOTSET")) {
      throw unsupported(n, "auto_pad " + n.s("auto_pad", ""));
    }
    String padded = pad(name, x.node, n.ints("pads", 0, 0, 0, 0));
    long[] strides = n.ints("strides", 1, 1);
    long[] dilations = n.ints("dilations", 1, 1);
    float[] src = w.floats();
    String conv;
    if (group == 1) {
      conv = out.convOihw(name + "/conv", padded, src, o, ipg, kh, kw, strides, dilations, "VALID");
    } else if (ipg == 1 && o % group == 0) {
      conv = out.depthwiseOihw(name + "/conv", padded, src, (int) group, o / (int) group, kh, kw, strides, dilations,
          "VALID");
    } else {
      throw unsupported(n, "group " + group + " with " + ipg + " input channels per group");
    }
    if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
      conv = out.add(out.op(name, "BiasAdd", conv, constant(n.inputs().get(2), name + "/bias")));
    }
    return new Value(conv, 4, true);
  }

  /** The value of a Constant node: its tensor, or a scalar or list attribute. */
  private OnnxProto.Tensor constantValue(OnnxProto.Node n) {
    OnnxProto.Tensor t = n.t("value");
    if (t != null) {
      return t;
    }
    if (n.attributes().containsKey("value_float")) {
      return new OnnxProto.Tensor(new long[0], new float[] {n.f("value_float", 0)}, null);
    }
    if (n.attributes().containsKey("value_int")) {
      return new OnnxProto.Tensor(new long[0], null, new long[] {n.i("value_int", 0)});
    }
    if (n.attributes().containsKey("value_ints")) {
      long[] v = n.ints("value_ints");
      return new OnnxProto.Tensor(new long[] {v.length}, null, v);
    }
    throw unsupported(n, "attributes " + n.attributes().keySet() + " (value, value_float, value_int or "
        + "value_ints is needed)");
  }

  /**
   * Clip as Maximum/Minimum, which pass the gradient where the bound is not active; Relu6 and Relu
   * for the common bounds. Since opset 11 the bounds are optional inputs, before it attributes.
   */
  private Value clip(OnnxProto.Node n, String name, Value x) {
    float lo;
    float hi;
    if (graph.opset() > 0 && graph.opset() < 11) {
      lo = n.f("min", Float.NEGATIVE_INFINITY);
      hi = n.f("max", Float.POSITIVE_INFINITY);
    } else {
      lo = clipBound(n, 1, Float.NEGATIVE_INFINITY);
      hi = clipBound(n, 2, Float.POSITIVE_INFINITY);
    }
    if (lo > hi) {
      throw unsupported(n, "min " + lo + " above max " + hi);
    }
    if (lo == 0f && hi == 6f) {
      return new Value(out.add(out.op(name, "Relu6", x.node)), x.rank, x.nhwc);
    }
    if (lo == 0f && hi == Float.POSITIVE_INFINITY) {
      return new Value(out.add(out.op(name, "Relu", x.node)), x.rank, x.nhwc);
    }
    String y = x.node;
    if (lo != Float.NEGATIVE_INFINITY) {
      String bound = out.constant(name + "/min", new float[] {lo});
      y = out.add(out.op(hi == Float.POSITIVE_INFINITY ? name : name + "/lower", "Maximum", y, bound));
    }
    if (hi != Float.POSITIVE_INFINITY) {
      y = out.add(out.op(name, "Minimum", y, out.constant(name + "/max", new float[] {hi})));
    }
    return y.equals(x.node) ? x : new Value(y, x.rank, x.nhwc);
  }

  /** Input {@code index} of a Clip as a scalar constant, or {@code fallback} where it is omitted. */
  private float clipBound(OnnxProto.Node n, int index, float fallback) {
    if (n.inputs().size() <= index || n.inputs().get(index).isEmpty()) {
      return fallback;
    }
    OnnxProto.Tensor t = initializer(n.inputs().get(index));
    if (t.floats() == null || t.floats().length != 1) {
      throw unsupported(n, "bound '" + n.inputs().get(index) + "' that is not a float scalar");
    }
    return t.floats()[0];
  }

  private Value batchNorm(OnnxProto.Node n, String name, Value x) {
    float[] scale = initializer(n.inputs().get(1)).floats();
    float[] bias = initializer(n.inputs().get(2)).floats();
    float[] mean = initializer(n.inputs().get(3)).floats();
    float[] var = initializer(n.inputs().get(4)).floats();
    float epsilon = n.f("epsilon", 1e-5f);
    float[] a = new float[scale.length];
    float[] b = new float[scale.length];
    for (int c = 0; c < a.length; c++) {
      a[c] = (float) (scale[c] / Math.sqrt(var[c] + epsilon));
      b[c] = bias[c] - mean[c] * a[c];
    }
    String scaled = out.add(out.op(name + "/scale", "Mul", x.node, out.constant(name + "/a", a, a.length)));
    return new Value(out.add(out.op(name, "AddV2", scaled, out.constant(name + "/b", b, b.length))), x.rank, x.nhwc);
  }

  private Value binary(OnnxProto.Node n, String name) {
    String op = switch (n.opType()) {
      case "Add" -> "AddV2";
      case "Sub" -> "Sub";
      default -> "Mul";
    };
    String a = n.inputs().get(0);
    String b = n.inputs().get(1);
    Value va = constants.containsKey(a) ? null : value(a);
    Value vb = constants.containsKey(b) ? null : value(b);
    Value shape = va != null ? va : vb;
    if (va != null && vb != null && va.nhwc != vb.nhwc) {
      throw unsupported(n, "operands in different layouts");
    }
    String left = va != null ? va.node : perChannel(a, name + "/a");
    String right = vb != null ? vb.node : perChannel(b, name + "/b");
    return new Value(out.add(out.op(name, op, left, right)), shape.rank, shape.nhwc);
  }

  private Value gemm(OnnxProto.Node n, String name, Value x) {
    if (n.f("alpha", 1f) != 1f || n.f("beta", 1f) != 1f || n.i("transA", 0) != 0) {
      throw unsupported(n, "alpha/beta other than 1 or transA");
    }
    String a = x.rank == 2 ? x.node : flatten(name + "/flatten", x);
    String matmul = out.add(out.op(name + "/matmul", "MatMul", a, constant(n.inputs().get(1), name + "/b"))
        .putAttr("transpose_b", AttrValue.newBuilder().setB(n.i("transB", 0) != 0).build()));
    if (n.inputs().size() > 2 && !n.inputs().get(2).isEmpty()) {
      matmul = out.add(out.op(name, "BiasAdd", matmul, constant(n.inputs().get(2), name + "/c")));
    }
    return new Value(matmul, 2, false);
  }

  private Value reshape(OnnxProto.Node n, String name, Value x) {
    long[] target = initializer(n.inputs().get(1)).longs();
    int[] shape = new int[target.length];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = (int) target[i];
    }
    // The batch dimension: copied (0), or the file's fixed batch size, becomes dynamic.
    if (shape.length > 0 && (shape[0] == 0 || shape[0] == fixedBatch)) {
      shape[0] = -1;
    }
    for (int i = 1; i < shape.length; i++) {
      if (shape[i] == 0) {
        throw unsupported(n, "dimension copy (0) past the batch");
      }
    }
    String nchw = x.nhwc ? out.transpose(name + "/nchw", x.node, 0, 3, 1, 2) : x.node;
    boolean inferredElsewhere = Arrays.stream(shape).skip(1).anyMatch(d -> d == -1);
    String reshaped = shape[0] == -1 && inferredElsewhere
        ? batchReshape(name, nchw, Arrays.copyOfRange(shape, 1, shape.length))
        : out.reshape(name, nchw, shape);
    if (shape.length == 4) {
      return new Value(out.transpose(name + "/nhwc", reshaped, 0, 2, 3, 1), 4, true);
    }
    return new Value(reshaped, shape.length, false);
  }

  /** [N, ...] -> [N, -1] in ONNX (NCHW) element order. */
  private String flatten(String name, Value x) {
    String nchw = x.nhwc ? out.transpose(name + "/nchw", x.node, 0, 3, 1, 2) : x.node;
    return batchReshape(name, nchw, -1);
  }

  /** Reshapes to [N, rest...], with the batch size N read at run time. */
  private String batchReshape(String name, String nchw, int... rest) {
    String shape = out.add(out.op(name + "/shape", "Shape", nchw).putAttr("out_type", INT32));
    String batch = out.add(out.op(name + "/batch", "StridedSlice", shape,
            out.constant(name + "/begin", new int[] {0}, 1), out.constant(name + "/end", new int[] {1}, 1),
            out.constant(name + "/stride", new int[] {1}, 1))
        .putAttr("T", INT32).putAttr("Index", INT32)
        .putAttr("shrink_axis_mask", AttrValue.newBuilder().setI(1).build()));
    var pack = out.op(name + "/target", "Pack", batch).putAttr("T", INT32)
        .putAttr("N", AttrValue.newBuilder().setI(1 + rest.length).build());
    for (int i = 0; i < rest.length; i++) {
      pack.addInput(out.constant(name + "/dim" + (i + 1), new int[] {rest[i]}));
    }
    return out.add(out.op(name, "Reshape", nchw, out.add(pack)).putAttr("Tshape", INT32));
  }

  private Value pool(OnnxProto.Node n, String name, Value x) {
    long[] pads = n.ints("pads", 0, 0, 0, 0);
    if (Arrays.stream(pads).anyMatch(p -> p != 0) || n.i("ceil_mode", 0) != 0) {
      throw unsupported(n, "padding or ceil_mode");
    }
    long[] k = n.ints("kernel_shape");
    long[] s = n.ints("strides", 1, 1);
    return new Value(out.add(out.op(name, n.opType().equals("MaxPool") ? "MaxPool" : "AvgPool", x.node)
        .putAttr("ksize", GraphDefWriter.ints(1, k[0], k[1], 1))
        .putAttr("strides", GraphDefWriter.ints(1, s[0], s[1], 1))
        .putAttr("padding", GraphDefWriter.string("VALID"))), 4, true);
  }

  private Value concat(OnnxProto.Node n, String name) {
    Value first = value(n.inputs().get(0));
    long axis = n.i("axis", 1);
    if (axis < 0) {
      axis += first.rank;
    }
    if (first.nhwc) {
      axis = new long[] {0, 3, 1, 2}[(int) axis];
    }
    var concat = out.op(name, "ConcatV2");
    for (String input : n.inputs()) {
      concat.addInput(value(input).node);
    }
    concat.addInput(out.constant(name + "/axis", new int[] {(int) axis}))
        .putAttr("N", AttrValue.newBuilder().setI(n.inputs().size()).build()).putAttr("Tidx", INT32);
    return new Value(out.add(concat), first.rank, first.nhwc);
  }

  /** Zero-pads H and W by ONNX pads [top, left, bottom, right]; returns x if there is none. */
  private String pad(String name, String x, long[] pads) {
    if (Arrays.stream(pads).allMatch(p -> p == 0)) {
      return x;
    }
    int[] paddings = {0, 0, (int) pads[0], (int) pads[2], (int) pads[1], (int) pads[3], 0, 0};
    return out.add(out.op(name + "/pad", "Pad", x, out.constant(name + "/paddings", paddings, 4, 2))
        .putAttr("Tpaddings", INT32));
  }

  /** A constant as stored (weights of MatMul, Gemm, biases). */
  private String constant(String initializer, String hint) {
    OnnxProto.Tensor t = initializer(initializer);
    return out.constant(hint, t.floats(), t.dims());
  }

  /** A constant that broadcasts against NHWC activations: [C,1,1] and [1,C,1,1] become [C]. */
  private String perChannel(String initializer, String hint) {
    OnnxProto.Tensor t = initializer(initializer);
    long[] dims = t.dims();
    long nonUnit = Arrays.stream(dims).filter(d -> d != 1).count();
    if (dims.length <= 1 || nonUnit == 0) {
      return out.constant(hint, t.floats(), dims);
    }
    if (nonUnit == 1 && (dims.length == 3 && dims[0] != 1 || dims.length == 4 && dims[1] != 1)) {
      return out.constant(hint, t.floats(), t.floats().length);
    }
    throw new ModelException("Model '" + modelName + "': constant '" + initializer + "' of shape "
        + Arrays.toString(dims) + " cannot be laid out for NHWC broadcasting");
  }

  /** An initializer or the value of a Constant node. */
  private OnnxProto.Tensor initializer(String name) {
    OnnxProto.Tensor t = constants.get(name);
    if (t == null) {
      throw new ModelException("Model '" + modelName + "': '" + name + "' must be a constant (an initializer "
          + "or a Constant node's output); computed values are not supported there");
    }
    return t;
  }

  private Value value(String name) {
    Value v = values.get(name);
    if (v == null) {
      throw new ModelException("Model '" + modelName + "': tensor '" + name + "' is "
          + (constants.containsKey(name) ? "a constant where this importer needs a computed tensor"
              : "read before it is computed"));
    }
    return v;
  }

  private ModelException unsupported(OnnxProto.Node n, String detail) {
    return new ModelException("Model '" + modelName + "': ONNX op " + n.opType() + " (node '" + n.name() + "')"
        + (detail != null ? " with " + detail : "") + " is not supported; supported: Conv (group 1 or "
        + "depthwise), BatchNormalization, PRelu, Relu, Clip, Sigmoid, Tanh, Add, Sub, Mul, Gemm, MatMul, "
        + "Flatten, Reshape, MaxPool, AveragePool (no padding), GlobalAveragePool, Concat, Identity, Dropout, "
        + "Constant");
  }
}
