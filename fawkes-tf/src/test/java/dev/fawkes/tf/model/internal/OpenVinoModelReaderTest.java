package dev.fawkes.tf.model.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fawkes.ModelException;
import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.PixelScaling;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/**
 * The OpenVINO IR importer against a plain-Java NCHW reference, on a small IR built here that uses
 * every supported layer: f16 and f32 Const, Convert, Multiply and Add with broadcast constants and
 * between activations, Convolution with padding and stride 2, depthwise GroupConvolution with
 * uneven padding, PReLU with per-channel and single slopes, AvgPool and Sigmoid. (The real model,
 * face-reidentification-retail-0095, is checked in EvaluationModelsTest.)
 */
class OpenVinoModelReaderTest {
  private static final int C = 3;
  private static final int H = 9;
  private static final int O = 4;
  private static final int K = 2;

  private final Random random = new Random(11);
  private final float[] scale = f16(values(C));
  private final float[] shift = values(C); // an f32 Const, no Convert
  private final float[] w1 = f16(values(O * C * 9));
  private final float[] b1 = f16(values(O));
  private final float[] slope1 = f16(values(O));
  private final float[] dw = f16(values(O * 9));
  private final float[] slope2 = f16(new float[] {0.2f});
  private final float[] w3 = f16(values(K * O));

  @Test
  void convertsNchwLayersToNhwcWithTheSameResults() {
    Ir ir = network();
    GraphDef graph = OpenVinoModelReader.read("toy", ir.xml(), ir.bin());
    float[] x = values(2 * C * H * H); // two images, NCHW
    float[][] expected = {reference(x, 0), reference(x, 1)};

    float[] y = run(graph, x, 2);
    assertThat(y).hasSize(2 * K * 5 * 5);
    for (int i = 0; i < y.length; i++) {
      assertThat(y[i]).as("element %d", i).isCloseTo(expected[i / (K * 25)][i % (K * 25)], within(1e-4f));
    }
  }

  @Test
  void refusesUnsupportedLayersAndAttributesNamingThem() {
    Ir elu = new Ir();
    int x = elu.parameter("x", 1, C, H, H);
    elu.result(elu.layer("my_elu", "Elu", Map.of("alpha", "1.0"), new long[] {1, C, H, H}, x));
    assertThatThrownBy(() -> OpenVinoModelReader.read("toy", elu.xml(), elu.bin()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("toy").hasMessageContaining("my_elu").hasMessageContaining("Elu");

    Ir samelower = new Ir();
    x = samelower.parameter("x", 1, C, H, H);
    int w = samelower.constant(f16(values(O * C * 9)), true, O, C, 3, 3);
    samelower.result(samelower.layer("odd_conv", "Convolution", Map.of("strides", "1, 1", "dilations", "1, 1",
        "pads_begin", "1, 1", "pads_end", "1, 1", "auto_pad", "same_lower"), new long[] {1, O, H, H}, x, w));
    assertThatThrownBy(() -> OpenVinoModelReader.read("toy", samelower.xml(), samelower.bin()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("odd_conv").hasMessageContaining("auto_pad same_lower");

    Ir unknownAttribute = new Ir();
    x = unknownAttribute.parameter("x", 1, C, H, H);
    unknownAttribute.result(unknownAttribute.layer("sig", "Sigmoid", Map.of("beta", "2"), new long[] {1, C, H, H}, x));
    assertThatThrownBy(() -> OpenVinoModelReader.read("toy", unknownAttribute.xml(), unknownAttribute.bin()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("sig").hasMessageContaining("beta");
  }

  @Test
  void refusesBrokenFiles() {
    Ir ir = network();
    byte[] shortBin = java.util.Arrays.copyOf(ir.bin(), ir.bin().length - 2);
    assertThatThrownBy(() -> OpenVinoModelReader.read("toy", ir.xml(), shortBin))
        .isInstanceOf(ModelException.class).hasMessageContaining("does not belong");
    byte[] entity = ("<?xml version=\"1.0\"?><!DOCTYPE net [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
        + "<net name=\"n\" version=\"11\"><layers>&e;</layers></net>").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OpenVinoModelReader.read("toy", entity, new byte[0]))
        .isInstanceOf(ModelException.class).hasMessageContaining("not a readable OpenVINO IR");
    byte[] old = "<net name=\"n\" version=\"7\"><layers/></net>".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> OpenVinoModelReader.read("toy", old, new byte[0]))
        .isInstanceOf(ModelException.class).hasMessageContaining("version 10 or 11");
  }

  @Test
  void faceModelNeedsTheBinBesideTheXml(@TempDir Path dir) throws Exception {
    Ir ir = network();
    Path xml = dir.resolve("toy.xml");
    Files.write(xml, ir.xml());
    ExtractorSpec spec = new ExtractorSpec("toy", "toy", 16, PixelScaling.bgr255(), "x", OpenVinoModelReader.OUTPUT);
    assertThatThrownBy(() -> FaceModel.fromOpenVino(xml, spec))
        .isInstanceOf(ModelException.class).hasMessageContaining("toy.bin").hasMessageContaining("missing");
    Files.write(dir.resolve("toy.bin"), ir.bin());
    assertThat(FaceModel.fromOpenVino(xml, spec).spec()).isEqualTo(spec);
  }

  /**
   * a = PReLU(Conv3x3 stride 2 pad 1(x * scale + shift) + b1, slope1); b = PReLU(depthwise 3x3
   * pads (1,0)-(1,2) (a), 0.2); y = Conv1x1(b * Sigmoid(AvgPool5x5(b)) + a).
   */
  private Ir network() {
    Ir ir = new Ir();
    int x = ir.parameter("x", 1, C, H, H);
    int scaled = ir.layer("scaled", "Multiply", Map.of("auto_broadcast", "numpy"), new long[] {1, C, H, H},
        x, ir.constant(scale, true, 1, C, 1, 1));
    int shifted = ir.layer("shifted", "Add", Map.of("auto_broadcast", "numpy"), new long[] {1, C, H, H},
        ir.constant(shift, false, C, 1, 1), scaled); // constant first, and without the batch axis
    int conv = ir.layer("conv", "Convolution", Map.of("strides", "2, 2", "dilations", "1, 1",
        "pads_begin", "1, 1", "pads_end", "1, 1", "auto_pad", "explicit"), new long[] {1, O, 5, 5},
        shifted, ir.constant(w1, true, O, C, 3, 3));
    int biased = ir.layer("biased", "Add", Map.of("auto_broadcast", "numpy"), new long[] {1, O, 5, 5},
        conv, ir.constant(b1, true, 1, O, 1, 1));
    int a = ir.layer("a", "PReLU", Map.of(), new long[] {1, O, 5, 5}, biased, ir.constant(slope1, true, O));
    int depthwise = ir.layer("depthwise", "GroupConvolution", Map.of("strides", "1,1", "dilations", "1,1",
        "pads_begin", "1,0", "pads_end", "1,2", "auto_pad", "explicit"), new long[] {1, O, 5, 5},
        a, ir.constant(dw, true, O, 1, 1, 3, 3));
    int b = ir.layer("b", "PReLU", Map.of(), new long[] {1, O, 5, 5}, depthwise, ir.constant(slope2, true, 1));
    int pooled = ir.layer("pooled", "AvgPool", Map.of("kernel", "5, 5", "strides", "5, 5", "pads_begin", "0, 0",
        "pads_end", "0, 0", "exclude-pad", "true", "rounding_type", "floor", "auto_pad", "explicit"),
        new long[] {1, O, 1, 1}, b);
    int gate = ir.layer("gate", "Sigmoid", Map.of(), new long[] {1, O, 1, 1}, pooled);
    int excited = ir.layer("excited", "Multiply", Map.of("auto_broadcast", "numpy"), new long[] {1, O, 5, 5}, b, gate);
    int sum = ir.layer("sum", "Add", Map.of("auto_broadcast", "numpy"), new long[] {1, O, 5, 5}, excited, a);
    int y = ir.layer("y", "Convolution", Map.of("strides", "1, 1", "dilations", "1, 1", "pads_begin", "0, 0",
        "pads_end", "0, 0", "auto_pad", "explicit"), new long[] {1, K, 5, 5}, sum, ir.constant(w3, true, K, O, 1, 1));
    ir.result(y);
    return ir;
  }

  /** The network on image n of an NCHW batch, as [K, 5, 5] flattened. */
  private float[] reference(float[] batch, int n) {
    float[][][] x = new float[C][H][H];
    for (int c = 0; c < C; c++) {
      for (int i = 0; i < H; i++) {
        for (int j = 0; j < H; j++) {
          x[c][i][j] = batch[((n * C + c) * H + i) * H + j] * scale[c] + shift[c];
        }
      }
    }
    float[][][] a = conv(x, w1, 1, 3, 2, new int[] {1, 1}, new int[] {1, 1});
    for (int o = 0; o < O; o++) {
      for (float[] row : a[o]) {
        for (int j = 0; j < row.length; j++) {
          float v = row[j] + b1[o];
          row[j] = v > 0 ? v : slope1[o] * v;
        }
      }
    }
    float[][][] b = conv(a, dw, O, 3, 1, new int[] {1, 0}, new int[] {1, 2});
    for (float[][] channel : b) {
      for (float[] row : channel) {
        for (int j = 0; j < row.length; j++) {
          row[j] = row[j] > 0 ? row[j] : slope2[0] * row[j];
        }
      }
    }
    float[][][] sum = new float[O][5][5];
    for (int o = 0; o < O; o++) {
      double mean = 0;
      for (float[] row : b[o]) {
        for (float v : row) {
          mean += v / 25.0;
        }
      }
      float gate = (float) (1 / (1 + Math.exp(-mean)));
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
          sum[o][i][j] = b[o][i][j] * gate + a[o][i][j];
        }
      }
    }
    float[][][] y = conv(sum, w3, 1, 1, 1, new int[] {0, 0}, new int[] {0, 0});
    float[] flat = new float[K * 25];
    for (int k = 0; k < K; k++) {
      for (int i = 0; i < 5; i++) {
        System.arraycopy(y[k][i], 0, flat, (k * 5 + i) * 5, 5);
      }
    }
    return flat;
  }

  /**
   * A grouped convolution in NCHW with weights [out, in/groups, k, k] (the IR's [G, out/G, in/G, k, k]
   * has the same element order), zero padding begin/end as {h, w}.
   */
  private static float[][][] conv(float[][][] x, float[] w, int groups, int k, int stride, int[] begin, int[] end) {
    int in = x.length;
    int h = x[0].length;
    int wd = x[0][0].length;
    int out = w.length / (in / groups * k * k);
    int ipg = in / groups;
    int opg = out / groups;
    int oh = (h + begin[0] + end[0] - k) / stride + 1;
    int ow = (wd + begin[1] + end[1] - k) / stride + 1;
    float[][][] y = new float[out][oh][ow];
    for (int o = 0; o < out; o++) {
      int g = o / opg;
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double s = 0;
          for (int ci = 0; ci < ipg; ci++) {
            for (int di = 0; di < k; di++) {
              for (int dj = 0; dj < k; dj++) {
                int ii = i * stride + di - begin[0];
                int jj = j * stride + dj - begin[1];
                if (ii >= 0 && ii < h && jj >= 0 && jj < wd) {
                  s += w[((o * ipg + ci) * k + di) * k + dj] * x[g * ipg + ci][ii][jj];
                }
              }
            }
          }
          y[o][i][j] = (float) s;
        }
      }
    }
    return y;
  }

  /** Runs the graph on an NCHW batch, feeding NHWC; returns the output "embedding" (NCHW order). */
  private static float[] run(GraphDef graph, float[] nchw, int count) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, H, C)));
      List<Output<?>> out = GraphImporter.importInto(g, "toy", "toy", graph, Map.of("x", in),
          List.of(OpenVinoModelReader.OUTPUT));
      float[] nhwc = new float[nchw.length];
      for (int n = 0; n < count; n++) {
        for (int c = 0; c < C; c++) {
          for (int i = 0; i < H * H; i++) {
            nhwc[(n * H * H + i) * C + c] = nchw[(n * C + c) * H * H + i];
          }
        }
      }
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(count, H, H, C), DataBuffers.of(nhwc));
          Result r = s.runner().feed(in, t).fetch(out.get(0)).run()) {
        TFloat32 y = (TFloat32) r.get(0);
        assertThat(y.shape().asArray()).containsExactly(count, K, 5, 5);
        float[] values = new float[(int) y.size()];
        y.asRawTensor().data().asFloats().read(values);
        return values;
      }
    }
  }

  private float[] values(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian() * 0.5f;
    }
    return v;
  }

  /** The values rounded to half precision, as the f16 .bin holds them. */
  private static float[] f16(float[] values) {
    float[] rounded = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      rounded[i] = Float16.toFloat(Float16.fromFloat(values[i]));
    }
    return rounded;
  }

  /**
   * Writes a small IR: layers with their output shapes, edges, and the .bin. Each layer's input
   * ports are 0..n-1 and its output port n, as the OpenVINO serializer numbers them. The layers and
   * edges are written in reverse order, so the reader must sort them.
   */
  private static final class Ir {
    private final List<String> layers = new ArrayList<>();
    private final List<String> edges = new ArrayList<>();
    private final Map<Integer, Integer> outputPort = new LinkedHashMap<>();
    private final ByteArrayOutputStream bin = new ByteArrayOutputStream();

    int parameter(String name, long... shape) {
      int id = layers.size();
      layers.add(layerXml(id, name, "Parameter", "shape=\"" + join(shape) + "\" element_type=\"f32\"",
          List.of(), shape, 0));
      outputPort.put(id, 0);
      return id;
    }

    /** A Const (f16, followed by Convert to f32, or f32 alone); returns the layer to read. */
    int constant(float[] values, boolean half, long... shape) {
      ByteBuffer bytes = ByteBuffer.allocate(values.length * (half ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) {
        if (half) {
          bytes.putShort(Float16.fromFloat(v));
        } else {
          bytes.putFloat(v);
        }
      }
      int offset = bin.size();
      bin.writeBytes(bytes.array());
      int id = layers.size();
      layers.add(layerXml(id, "const" + id, "Const", "element_type=\"" + (half ? "f16" : "f32") + "\" shape=\""
          + join(shape) + "\" offset=\"" + offset + "\" size=\"" + bytes.capacity() + "\"", List.of(), shape, 0));
      outputPort.put(id, 0);
      return half ? layer("convert" + id, "Convert", Map.of("destination_type", "f32"), shape, id) : id;
    }

    int layer(String name, String type, Map<String, String> data, long[] outShape, int... inputs) {
      int id = layers.size();
      StringBuilder attributes = new StringBuilder();
      data.forEach((k, v) -> attributes.append(k).append("=\"").append(v).append("\" "));
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < inputs.length; i++) {
        edges.add("<edge from-layer=\"" + inputs[i] + "\" from-port=\"" + outputPort.get(inputs[i])
            + "\" to-layer=\"" + id + "\" to-port=\"" + i + "\"/>");
        ports.add(i);
      }
      layers.add(layerXml(id, name, type, attributes.toString().trim(), ports, outShape, inputs.length));
      outputPort.put(id, inputs.length);
      return id;
    }

    void result(int input) {
      int id = layers.size();
      edges.add("<edge from-layer=\"" + input + "\" from-port=\"" + outputPort.get(input) + "\" to-layer=\"" + id
          + "\" to-port=\"0\"/>");
      layers.add("<layer id=\"" + id + "\" name=\"out\" type=\"Result\" version=\"opset1\"><input><port id=\"0\"/>"
          + "</input></layer>");
    }

    byte[] xml() {
      StringBuilder s = new StringBuilder("<?xml version=\"1.0\"?>\n<net name=\"toy\" version=\"11\">\n<layers>\n");
      for (int i = layers.size() - 1; i >= 0; i--) {
        s.append(layers.get(i)).append('\n');
      }
      s.append("</layers>\n<edges>\n");
      for (int i = edges.size() - 1; i >= 0; i--) {
        s.append(edges.get(i)).append('\n');
      }
      return s.append("</edges>\n</net>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] bin() {
      return bin.toByteArray();
    }

    private static String layerXml(int id, String name, String type, String data, List<Integer> inputPorts,
        long[] outShape, int outPort) {
      StringBuilder s = new StringBuilder("<layer id=\"" + id + "\" name=\"" + name + "\" type=\"" + type
          + "\" version=\"opset1\">");
      if (!data.isEmpty()) {
        s.append("<data ").append(data).append("/>");
      }
      if (!inputPorts.isEmpty()) {
        s.append("<input>");
        inputPorts.forEach(p -> s.append("<port id=\"").append(p).append("\"/>"));
        s.append("</input>");
      }
      s.append("<output><port id=\"").append(outPort).append("\" precision=\"FP32\">");
      for (long d : outShape) {
        s.append("<dim>").append(d).append("</dim>");
      }
      return s.append("</port></output></layer>").toString();
    }

    private static String join(long[] shape) {
      StringBuilder s = new StringBuilder();
      for (long d : shape) {
        s.append(s.length() == 0 ? "" : ", ").append(d);
      }
      return s.toString();
    }
  }
}
