package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.fawkes.ModelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.proto.GraphDef;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The ONNX importer against a plain-Java NCHW reference, on a small network that uses the ops the
 * real tracker model does not: padded Conv, BatchNormalization, Relu, MaxPool, Flatten, Gemm, and
 * Clip with bounds from Constant nodes (as the opset-11 MobileFaceNet has them). (The real model,
 * fr_feature, is checked by accuracy and gradient in fawkes-bench; MobileFaceNet in
 * EvaluationModelsTest.)
 */
class OnnxModelReaderTest {
  private static final int C = 2;
  private static final int H = 4;
  private static final int O = 3;
  private static final int K = 2;

  private final Random random = new Random(7);
  private final float[] w = values(O * C * 9);
  private final float[] b = values(O);
  private final float[] bnScale = values(O);
  private final float[] bnBias = values(O);
  private final float[] bnMean = values(O);
  private final float[] bnVar = {0.5f, 1.5f, 2f};
  private final float[] gemmW = values(K * O * 2 * 2);
  private final float[] gemmC = values(K);
  /** Bounds of the first Clip (Maximum and Minimum), and the gain that takes the output past 6 (Relu6). */
  private static final float LO = -0.3f;
  private static final float HI = 0.5f;
  private static final float GAIN = 150f;
  /** How many values the reference's first Clip raised to LO and lowered to HI. */
  private final int[] clippedFirst = new int[2];

  @Test
  void convertsNchwOpsToNhwcWithTheSameResults() throws IOException {
    GraphDef graph = OnnxModelReader.read("toy", model());
    float[] x = values(2 * C * H * H); // two images, NCHW
    float[][] expected = {reference(x, 0), reference(x, 1)};

    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, H, C)));
      List<Output<?>> out = GraphImporter.importInto(g, "toy", "toy", graph, Map.of("x", in), List.of("y"));
      float[] nhwc = new float[x.length];
      for (int n = 0; n < 2; n++) {
        for (int c = 0; c < C; c++) {
          for (int i = 0; i < H * H; i++) {
            nhwc[(n * H * H + i) * C + c] = x[(n * C + c) * H * H + i];
          }
        }
      }
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(2, H, H, C), org.tensorflow.ndarray.buffer.DataBuffers.of(nhwc));
          Result r = s.runner().feed(in, t).fetch(out.get(0)).run()) {
        TFloat32 y = (TFloat32) r.get(0);
        assertThat(y.shape().asArray()).containsExactly(2, K);
        // The data reach both bounds of both Clips, so all four are checked.
        assertThat(clippedFirst).as("values raised to LO, lowered to HI").doesNotContain(0);
        assertThat(new float[] {expected[0][0], expected[0][1], expected[1][0], expected[1][1]}).contains(0f, 6f);
        for (int n = 0; n < 2; n++) {
          for (int k = 0; k < K; k++) {
            assertThat(y.getFloat(n, k)).isCloseTo(expected[n][k], within(1e-4f));
          }
        }
      }
    }
  }

  @Test
  void refusesUnsupportedOpsNamingThem() throws IOException {
    byte[] model = model().clone();
    // Rename op "Gemm" to "Gelu": same length, so the protobuf stays valid.
    String text = new String(model, java.nio.charset.StandardCharsets.ISO_8859_1).replace("Gemm", "Gelu");
    byte[] renamed = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> OnnxModelReader.read("toy", renamed))
        .isInstanceOf(ModelException.class).hasMessageContaining("Gelu").hasMessageContaining("toy");
    assertThatThrownBy(() -> OnnxModelReader.read("toy", new byte[] {1, 2, 3}))
        .isInstanceOf(ModelException.class).hasMessageContaining("not a readable ONNX model");
  }

  @Test
  void clipsWithAttributeBoundsBeforeOpset11AndOptionalInputsFromIt() throws IOException {
    float[] x = values(C * H * H);
    // Opset 10: bounds are attributes.
    byte[] opset10 = model(10,
        List.of(node("Clip", List.of("x"), "y", floatAttr("min", -0.25f), floatAttr("max", 0.1f))), List.of(), C, H, H);
    assertClipped(opset10, x, -0.25f, 0.1f);
    // Opset 11: min omitted (empty name), max from a Constant node.
    byte[] opset11 = model(11, List.of(constantNode("hi", 0.2f), node("Clip", List.of("x", "", "hi"), "y")),
        List.of(), C, H, H);
    assertClipped(opset11, x, Float.NEGATIVE_INFINITY, 0.2f);
    // Bounds 0 and 6 as initializers.
    byte[] relu6 = model(11, List.of(node("Clip", List.of("x", "zero", "six"), "y")),
        List.of(tensor("zero", new float[] {0f}), tensor("six", new float[] {6f})), C, H, H);
    float[] wide = x.clone();
    for (int i = 0; i < wide.length; i++) {
      wide[i] *= 20;
    }
    assertClipped(relu6, wide, 0f, 6f);
    assertThat(OnnxModelReader.read("toy", relu6).getNodeList()).anyMatch(node -> node.getOp().equals("Relu6"));
  }

  @Test
  void refusesClipBoundsThatAreNotConstantScalars() throws IOException {
    byte[] model = model(11, List.of(node("Clip", List.of("x", "x"), "y")), List.of(), C, H, H);
    assertThatThrownBy(() -> OnnxModelReader.read("toy", model))
        .isInstanceOf(ModelException.class).hasMessageContaining("toy").hasMessageContaining("must be a constant");
  }

  /** Runs a model y = Clip(x) over one NCHW image of shape [C, H, H] against a clamp. */
  private static void assertClipped(byte[] model, float[] nchw, float lo, float hi) {
    GraphDef graph = OnnxModelReader.read("toy", model);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, H, C)));
      List<Output<?>> out = GraphImporter.importInto(g, "toy", "toy", graph, Map.of("x", in), List.of("y"));
      float[] nhwc = new float[nchw.length];
      for (int c = 0; c < C; c++) {
        for (int i = 0; i < H * H; i++) {
          nhwc[i * C + c] = nchw[c * H * H + i];
        }
      }
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(1, H, H, C), org.tensorflow.ndarray.buffer.DataBuffers.of(nhwc));
          Result r = s.runner().feed(in, t).fetch(out.get(0)).run()) {
        TFloat32 y = (TFloat32) r.get(0);
        assertThat(y.shape().asArray()).containsExactly(1, C, H, H); // outputs are NCHW again
        int clipped = 0;
        for (int c = 0; c < C; c++) {
          for (int i = 0; i < H; i++) {
            for (int j = 0; j < H; j++) {
              float v = nchw[(c * H + i) * H + j];
              float want = Math.min(hi, Math.max(lo, v));
              clipped += want != v ? 1 : 0;
              assertThat(y.getFloat(0, c, i, j)).isCloseTo(want, within(1e-6f));
            }
          }
        }
        assertThat(clipped).as("values the bounds changed").isPositive();
      }
    }
  }

  /**
   * y = Relu6(GAIN * Gemm(Flatten(MaxPool2x2(Clip(BN(Relu(Conv3x3 pad 1(x))), LO, HI))), transB)) for
   * image n, in NCHW.
   */
  private float[] reference(float[] x, int n) {
    float[][][] a = new float[O][H][H];
    for (int o = 0; o < O; o++) {
      float scale = (float) (bnScale[o] / Math.sqrt(bnVar[o] + 1e-5f));
      for (int i = 0; i < H; i++) {
        for (int j = 0; j < H; j++) {
          double sum = b[o];
          for (int c = 0; c < C; c++) {
            for (int di = 0; di < 3; di++) {
              for (int dj = 0; dj < 3; dj++) {
                int ii = i + di - 1;
                int jj = j + dj - 1;
                if (ii >= 0 && ii < H && jj >= 0 && jj < H) {
                  sum += w[((o * C + c) * 3 + di) * 3 + dj] * x[((n * C + c) * H + ii) * H + jj];
                }
              }
            }
          }
          float bn = (float) ((Math.max(0, sum) - bnMean[o]) * scale + bnBias[o]);
          a[o][i][j] = Math.min(HI, Math.max(LO, bn));
          clippedFirst[0] += bn < LO ? 1 : 0;
          clippedFirst[1] += bn > HI ? 1 : 0;
        }
      }
    }
    float[] flat = new float[O * 4];
    for (int o = 0; o < O; o++) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          flat[(o * 2 + i) * 2 + j] = Math.max(Math.max(a[o][2 * i][2 * j], a[o][2 * i][2 * j + 1]),
              Math.max(a[o][2 * i + 1][2 * j], a[o][2 * i + 1][2 * j + 1]));
        }
      }
    }
    float[] y = new float[K];
    for (int k = 0; k < K; k++) {
      double sum = gemmC[k];
      for (int f = 0; f < flat.length; f++) {
        sum += gemmW[k * flat.length + f] * flat[f];
      }
      y[k] = Math.min(6f, Math.max(0f, GAIN * (float) sum));
    }
    return y;
  }

  private byte[] model() throws IOException {
    return model(11, List.of(
        node("Conv", List.of("x", "w", "b"), "conv", intsAttr("pads", 1, 1, 1, 1), intsAttr("kernel_shape", 3, 3)),
        node("Relu", List.of("conv"), "relu"),
        node("BatchNormalization", List.of("relu", "s", "bb", "m", "v"), "bn"),
        constantNode("lo", LO),
        constantNode("hi", HI),
        node("Clip", List.of("bn", "lo", "hi"), "clip"),
        node("MaxPool", List.of("clip"), "pool", intsAttr("kernel_shape", 2, 2), intsAttr("strides", 2, 2)),
        node("Flatten", List.of("pool"), "flat"),
        node("Gemm", List.of("flat", "gw", "gc"), "gemm", intAttr("transB", 1)),
        constantNode("gain", GAIN),
        node("Mul", List.of("gemm", "gain"), "scaled"),
        constantNode("zero", 0f),
        constantNode("six", 6f),
        node("Clip", List.of("scaled", "zero", "six"), "y")),
        List.of(tensor("w", w, O, C, 3, 3), tensor("b", b, O), tensor("s", bnScale, O), tensor("bb", bnBias, O),
            tensor("m", bnMean, O), tensor("v", bnVar, O), tensor("gw", gemmW, K, O * 4), tensor("gc", gemmC, K)),
        K);
  }

  /** A model of one NCHW input "x" [1, C, H, H] and one output "y" of the given shape (batch 1 first). */
  private static byte[] model(long opset, List<byte[]> nodes, List<byte[]> initializers, long... outputDims)
      throws IOException {
    ByteArrayOutputStream graph = new ByteArrayOutputStream();
    CodedOutputStream g = CodedOutputStream.newInstance(graph);
    for (byte[] node : nodes) {
      g.writeByteArray(1, node);
    }
    for (byte[] initializer : initializers) {
      g.writeByteArray(5, initializer);
    }
    g.writeByteArray(11, valueInfo("x", 1, C, H, H));
    long[] y = new long[outputDims.length + 1];
    y[0] = 1;
    System.arraycopy(outputDims, 0, y, 1, outputDims.length);
    g.writeByteArray(12, valueInfo("y", y));
    g.flush();
    ByteArrayOutputStream model = new ByteArrayOutputStream();
    CodedOutputStream m = CodedOutputStream.newInstance(model);
    m.writeInt64(1, 7);
    m.writeByteArray(7, graph.toByteArray());
    m.writeByteArray(8, message(opsetId -> {
      opsetId.writeString(1, "");
      opsetId.writeInt64(2, opset);
    }));
    m.flush();
    return model.toByteArray();
  }

  /** A Constant node whose value attribute is a float scalar tensor. */
  private static byte[] constantNode(String output, float value) throws IOException {
    byte[] tensor = tensor("", new float[] {value});
    byte[] attribute = message(out -> {
      out.writeString(1, "value");
      out.writeByteArray(5, tensor);
      out.writeInt32(20, 4);
    });
    return node("Constant", List.of(), output, attribute);
  }

  private static byte[] floatAttr(String name, float value) throws IOException {
    return message(out -> {
      out.writeString(1, name);
      out.writeFloat(2, value);
      out.writeInt32(20, 1);
    });
  }

  private static byte[] node(String op, List<String> inputs, String output, byte[]... attributes) throws IOException {
    return message(out -> {
      for (String input : inputs) {
        out.writeString(1, input);
      }
      out.writeString(2, output);
      out.writeString(3, output + "_node");
      out.writeString(4, op);
      for (byte[] attribute : attributes) {
        out.writeByteArray(5, attribute);
      }
    });
  }

  private static byte[] intsAttr(String name, long... values) throws IOException {
    return message(out -> {
      out.writeString(1, name);
      for (long v : values) {
        out.writeInt64(8, v);
      }
      out.writeInt32(20, 7);
    });
  }

  private static byte[] intAttr(String name, long value) throws IOException {
    return message(out -> {
      out.writeString(1, name);
      out.writeInt64(3, value);
      out.writeInt32(20, 2);
    });
  }

  private static byte[] tensor(String name, float[] values, long... dims) throws IOException {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return message(out -> {
      for (long d : dims) {
        out.writeInt64(1, d);
      }
      out.writeInt32(2, 1);
      out.writeString(8, name);
      out.writeBytes(9, ByteString.copyFrom(raw.array()));
    });
  }

  private static byte[] valueInfo(String name, long... dims) throws IOException {
    byte[] shape = message(out -> {
      for (long d : dims) {
        out.writeByteArray(1, message(dim -> dim.writeInt64(1, d)));
      }
    });
    byte[] tensorType = message(out -> {
      out.writeInt32(1, 1);
      out.writeByteArray(2, shape);
    });
    byte[] type = message(out -> out.writeByteArray(1, tensorType));
    return message(out -> {
      out.writeString(1, name);
      out.writeByteArray(2, type);
    });
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Writer writer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  private float[] values(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * 0.5f;
    }
    return v;
  }
}
