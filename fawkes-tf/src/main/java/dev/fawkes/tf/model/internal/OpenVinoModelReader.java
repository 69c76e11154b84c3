package dev.fawkes.tf.model.internal;

import dev.fawkes.ModelException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads an OpenVINO IR model (IR version 10 or 11: an {@code .xml} graph of layers and a flat
 * {@code .bin} of weights) into a {@link GraphDef} of differentiable TensorFlow ops, in NHWC.
 *
 * <p>As in {@link OnnxModelReader}, the IR's NCHW activations are kept as NHWC (TensorFlow's CPU
 * kernels run no NCHW convolution): convolution weights become HWIO (HWCM for depthwise), and
 * constants that broadcast against activations are laid out for NHWC. The batch dimension is
 * dynamic.
 *
 * <p>Node names: the input placeholder is named after the Parameter layer's {@code name} (made a
 * valid node name), shape [N, H, W, C]; the output is an {@code Identity} node named
 * {@value #OUTPUT} holding the Result layer's input in the IR's (NCHW) element order.
 *
 * <p>Supported layers: one Parameter (4-D, f32), Const (f16 or f32), Convert (to f32), Convolution,
 * GroupConvolution (depthwise), Add and Multiply (numpy broadcasting), PReLU, Sigmoid, AvgPool
 * (without padding) and one Result. Any other layer type or attribute is refused.
 */
public final class OpenVinoModelReader {
  /** The name of the output node. */
  public static final String OUTPUT = "embedding";

  private static final AttrValue INT32 = AttrValue.newBuilder().setType(DataType.DT_INT32).build();

  private static final Map<String, Set<String>> ATTRIBUTES = Map.ofEntries(
      Map.entry("Parameter", Set.of("shape", "element_type")),
      Map.entry("Const", Set.of("element_type", "shape", "offset", "size")),
      Map.entry("Convert", Set.of("destination_type")),
      Map.entry("Convolution", Set.of("strides", "dilations", "pads_begin", "pads_end", "auto_pad")),
      Map.entry("GroupConvolution", Set.of("strides", "dilations", "pads_begin", "pads_end", "auto_pad")),
      Map.entry("Add", Set.of("auto_broadcast")),
      Map.entry("Multiply", Set.of("auto_broadcast")),
      Map.entry("PReLU", Set.of()),
      Map.entry("Sigmoid", Set.of()),
      Map.entry("AvgPool", Set.of("kernel", "strides", "pads_begin", "pads_end", "exclude-pad", "rounding_type",
          "auto_pad")),
      Map.entry("Result", Set.of()));

  private record Port(int id, long[] dims) {}

  private record Layer(String id, String name, String type, Map<String, String> data, List<Port> outputs) {
    String describe() {
      return "layer '" + name + "' (id " + id + ", type " + type + ")";
    }
  }

  /** Where an input port reads from. */
  private record Source(String layer, int port) {}

  /** A layer output: a constant, held in Java until a consumer decides its layout, or an activation. */
  private sealed interface Value permits Constant, Activation {}

  private record Constant(long[] shape, float[] values) implements Value {}

  /** An activation's node and its shape in the IR's NCHW order; 4-D ones are held NHWC. */
  private record Activation(String node, long[] nchw) implements Value {}

  private final String modelName;
  private final byte[] bin;
  private final GraphDefWriter out = new GraphDefWriter();
  private final Map<String, Value> values = new HashMap<>();

  private OpenVinoModelReader(String modelName, byte[] bin) {
    this.modelName = modelName;
    this.bin = bin;
  }

  /**
   * Reads an OpenVINO IR model whose single Parameter is an NCHW float image batch.
   *
   * @param modelName used in error messages
   * @param xml the {@code .xml} file's content
   * @param bin the {@code .bin} file's content (the weights the Const layers point into)
   * @return the graph: placeholder named after the Parameter, output {@value #OUTPUT}
   * @throws ModelException if the XML is not an IR of version 10 or 11, or uses an unsupported
   *     layer type or attribute
   */
  public static GraphDef read(String modelName, byte[] xml, byte[] bin) {
    Document document;
    try {
      document = parse(xml);
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new ModelException("Model '" + modelName + "' is not a readable OpenVINO IR .xml file: "
          + e.getMessage(), e);
    }
    return new OpenVinoModelReader(modelName, bin).convert(document.getDocumentElement());
  }

  private static Document parse(byte[] xml) throws ParserConfigurationException, SAXException, IOException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    // An IR has no DTD and no entities; refusing them keeps a crafted file from reading other files.
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    // The default handler prints to stderr; the exception carries the same message.
    builder.setErrorHandler(new ErrorHandler() {
      @Override
      public void warning(SAXParseException e) {}

      @Override
      public void error(SAXParseException e) throws SAXException {
        throw e;
      }

      @Override
      public void fatalError(SAXParseException e) throws SAXException {
        throw e;
      }
    });
    return builder.parse(new ByteArrayInputStream(xml));
  }

  private GraphDef convert(Element net) {
    String version = net.getAttribute("version");
    if (!net.getTagName().equals("net") || !(version.equals("10") || version.equals("11"))) {
      throw new ModelException("Model '" + modelName + "': the .xml is not an OpenVINO IR of version 10 or 11 "
          + "(root <" + net.getTagName() + "> version '" + version + "'); convert the model with a current "
          + "OpenVINO release");
    }
    Map<String, Layer> layers = new LinkedHashMap<>();
    for (Element e : children(child(net, "layers"), "layer")) {
      Layer layer = layer(e);
      if (layers.put(layer.id, layer) != null) {
        throw new ModelException("Model '" + modelName + "': two layers have id " + layer.id);
      }
    }
    Map<String, TreeMap<Integer, Source>> inputs = new HashMap<>();
    for (Element e : children(child(net, "edges"), "edge")) {
      String from = e.getAttribute("from-layer");
      String to = e.getAttribute("to-layer");
      if (!layers.containsKey(from) || !layers.containsKey(to)) {
        throw new ModelException("Model '" + modelName + "': an edge joins layer " + from + " to layer " + to
            + ", which does not exist");
      }
      inputs.computeIfAbsent(to, k -> new TreeMap<>())
          .put(integer(e, "to-port"), new Source(from, integer(e, "from-port")));
    }
    Layer parameter = single(layers, "Parameter");
    Layer result = single(layers, "Result");
    values.put(parameter.id + ":" + parameter.outputs.get(0).id, placeholder(parameter));
    // Reserved before any layer can take the name.
    String output = out.uniqueName(OUTPUT);
    for (Layer layer : topologicalOrder(layers, inputs)) {
      if (layer == parameter || layer == result) {
        continue;
      }
      List<Value> in = new ArrayList<>();
      for (Source source : inputs.getOrDefault(layer.id, new TreeMap<>()).values()) {
        Value v = values.get(source.layer + ":" + source.port);
        if (v == null) {
          throw new ModelException("Model '" + modelName + "': " + layer.describe() + " reads port " + source.port
              + " of layer " + source.layer + ", which that layer does not produce");
        }
        in.add(v);
      }
      Value v;
      try {
        v = convert(layer, in);
      } catch (RuntimeException e) {
        if (e instanceof ModelException) {
          throw e;
        }
        throw new ModelException("Model '" + modelName + "': cannot convert " + layer.describe() + ": " + e, e);
      }
      if (layer.outputs.isEmpty()) {
        throw new ModelException("Model '" + modelName + "': " + layer.describe() + " declares no output port");
      }
      values.put(layer.id + ":" + layer.outputs.get(0).id, v);
    }
    var resultInputs = inputs.getOrDefault(result.id, new TreeMap<>()).values();
    if (resultInputs.size() != 1) {
      throw new ModelException("Model '" + modelName + "': " + result.describe() + " has "
          + resultInputs.size() + " inputs; one is expected");
    }
    Source source = resultInputs.iterator().next();
    if (!(values.get(source.layer + ":" + source.port) instanceof Activation y)) {
      throw new ModelException("Model '" + modelName + "': " + result.describe() + " reads a constant");
    }
    String node = y.nchw.length == 4 ? out.transpose(output + "/nchw", y.node, 0, 3, 1, 2) : y.node;
    out.identity(output, node);
    return out.build();
  }

  private Activation placeholder(Layer p) {
    String type = p.data.getOrDefault("element_type", "f32");
    long[] shape = p.data.containsKey("shape") ? dims(p.data.get("shape"))
        : p.outputs.isEmpty() ? new long[0] : p.outputs.get(0).dims;
    if (!type.equals("f32") || shape.length != 4) {
      throw new ModelException("Model '" + modelName + "': input " + p.describe() + " is " + type + " of shape "
          + Arrays.toString(shape) + "; an f32 NCHW image batch is expected");
    }
    String node = out.placeholder(p.name, -1, shape[2], shape[3], shape[1]);
    return new Activation(node, shape);
  }

  private Value convert(Layer layer, List<Value> in) {
    Set<String> known = ATTRIBUTES.get(layer.type);
    if (known == null) {
      throw unsupported(layer, null);
    }
    for (String attribute : layer.data.keySet()) {
      if (!known.contains(attribute)) {
        throw unsupported(layer, "attribute " + attribute + "=\"" + layer.data.get(attribute) + "\"");
      }
    }
    int arity = switch (layer.type) {
      case "Const" -> 0;
      case "Convert", "Sigmoid", "AvgPool" -> 1;
      default -> 2;
    };
    if (in.size() != arity) {
      throw new ModelException("Model '" + modelName + "': " + layer.describe() + " has " + in.size()
          + " connected inputs; it takes " + arity);
    }
    String name = layer.name;
    return switch (layer.type) {
      case "Const" -> constant(layer);
      case "Convert" -> {
        if (!layer.data.getOrDefault("destination_type", "").equals("f32")) {
          throw unsupported(layer, "destination_type " + layer.data.get("destination_type"));
        }
        yield in.get(0); // constants are decoded to float already, activations are float
      }
      case "Convolution", "GroupConvolution" -> convolution(layer, activation(layer, in, 0), constant(layer, in, 1));
      case "Add", "Multiply" -> binary(layer, in.get(0), in.get(1));
      case "PReLU" -> {
        Activation x = activation(layer, in, 0);
        Constant slope = constant(layer, in, 1);
        String alpha = slope.values.length == 1 ? out.constant(name + "/slope", slope.values)
            : slope.shape.length == 1 && slope.values.length == x.nchw[1]
                ? out.constant(name + "/slope", slope.values, slope.values.length)
                : broadcastable(layer, name + "/slope", slope);
        yield new Activation(out.prelu(name, x.node, alpha), x.nchw);
      }
      case "Sigmoid" -> {
        Activation x = activation(layer, in, 0);
        yield new Activation(out.add(out.op(name, "Sigmoid", x.node)), x.nchw);
      }
      case "AvgPool" -> avgPool(layer, activation(layer, in, 0));
      default -> throw unsupported(layer, null);
    };
  }

  private Constant constant(Layer layer) {
    String type = layer.data.getOrDefault("element_type", "");
    int bytes = switch (type) {
      case "f16" -> 2;
      case "f32" -> 4;
      default -> throw unsupported(layer, "element_type " + type);
    };
    long[] shape = dims(layer.data.getOrDefault("shape", ""));
    long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    long offset = Long.parseLong(layer.data.getOrDefault("offset", "-1"));
    long size = Long.parseLong(layer.data.getOrDefault("size", "-1"));
    if (size != count * bytes || offset < 0 || offset + size > bin.length) {
      throw new ModelException("Model '" + modelName + "': " + layer.describe() + " reads " + size
          + " bytes at offset " + offset + " for " + count + " " + type + " values, outside the " + bin.length
          + "-byte .bin file; the .bin does not belong to this .xml");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bin, (int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[(int) count];
    for (int i = 0; i < values.length; i++) {
      values[i] = bytes == 2 ? Float16.toFloat(buffer.getShort()) : buffer.getFloat();
    }
    return new Constant(shape, values);
  }

  private Activation convolution(Layer layer, Activation x, Constant w) {
    String name = layer.name;
    boolean grouped = layer.type.equals("GroupConvolution");
    long[] s = w.shape;
    if (s.length != (grouped ? 5 : 4) || x.nchw.length != 4) {
      throw unsupported(layer, "weights of shape " + Arrays.toString(s) + " on input " + Arrays.toString(x.nchw));
    }
    int groups = grouped ? (int) s[0] : 1;
    int o = (int) (grouped ? s[0] * s[1] : s[0]);
    int ipg = (int) s[s.length - 3];
    int kh = (int) s[s.length - 2];
    int kw = (int) s[s.length - 1];
    if (x.nchw[1] > 0 && x.nchw[1] != (long) ipg * groups) {
      throw unsupported(layer, "weights for " + ipg * groups + " input channels on " + x.nchw[1]);
    }
    long[] strides = ints(layer, "strides");
    long[] dilations = ints(layer, "dilations");
    long[] kernel = {(dilations[0] * (kh - 1)) + 1, (dilations[1] * (kw - 1)) + 1};
    Padding p = padding(layer, x, kernel, strides);
    float[] src = w.values;
    String conv;
    if (groups == 1) {
      conv = out.convOihw(name, p.input, src, o, ipg, kh, kw, strides, dilations, p.mode);
    } else if (ipg == 1) {
      // [G, M, 1, kh, kw]: output channel g*M + m, as in TensorFlow's depthwise convolution.
      conv = out.depthwiseOihw(name, p.input, src, groups, o / groups, kh, kw, strides, dilations, p.mode);
    } else {
      throw unsupported(layer, groups + " groups of " + ipg + " input channels (only depthwise, 1 per group)");
    }
    return new Activation(conv, checked(layer, new long[] {x.nchw[0], o, p.outH, p.outW}));
  }

  private Activation avgPool(Layer layer, Activation x) {
    long[] kernel = ints(layer, "kernel");
    long[] strides = ints(layer, "strides");
    String rounding = layer.data.getOrDefault("rounding_type", "floor");
    Padding p = padding(layer, x, kernel, strides);
    if (!p.input.equals(x.node) || p.mode.equals("SAME")) {
      throw unsupported(layer, "padding (pads_begin, pads_end or auto_pad)");
    }
    // Ceiling rounding only differs where the windows do not tile the input.
    boolean tiles = (x.nchw[2] - kernel[0]) % strides[0] == 0 && (x.nchw[3] - kernel[1]) % strides[1] == 0;
    if (!rounding.equals("floor") && !(rounding.equals("ceil") && tiles)) {
      throw unsupported(layer, "rounding_type " + rounding);
    }
    String pool = out.add(out.op(layer.name, "AvgPool", x.node)
        .putAttr("ksize", GraphDefWriter.ints(1, kernel[0], kernel[1], 1))
        .putAttr("strides", GraphDefWriter.ints(1, strides[0], strides[1], 1))
        .putAttr("padding", GraphDefWriter.string("VALID")));
    return new Activation(pool, checked(layer, new long[] {x.nchw[0], x.nchw[1], p.outH, p.outW}));
  }

  /** How a convolution or pool pads: the (maybe zero-padded) input, TF padding mode, output size. */
  private record Padding(String input, String mode, long outH, long outW) {}

  private Padding padding(Layer layer, Activation x, long[] kernel, long[] strides) {
    long h = x.nchw[2];
    long w = x.nchw[3];
    String autoPad = layer.data.getOrDefault("auto_pad", "explicit");
    switch (autoPad) {
      case "explicit", "notset" -> {
        long[] begin = ints(layer, "pads_begin");
        long[] end = ints(layer, "pads_end");
        long outH = Math.floorDiv(h + begin[0] + end[0] - kernel[0], strides[0]) + 1;
        long outW = Math.floorDiv(w + begin[1] + end[1] - kernel[1], strides[1]) + 1;
        if (begin[0] == 0 && begin[1] == 0 && end[0] == 0 && end[1] == 0) {
          return new Padding(x.node, "VALID", outH, outW);
        }
        int[] paddings = {0, 0, (int) begin[0], (int) end[0], (int) begin[1], (int) end[1], 0, 0};
        String padded = out.add(out.op(layer.name + "/pad", "Pad", x.node,
                out.constant(layer.name + "/paddings", paddings, 4, 2))
            .putAttr("Tpaddings", INT32));
        return new Padding(padded, "VALID", outH, outW);
      }
      case "valid" -> {
        return new Padding(x.node, "VALID", (h - kernel[0]) / strides[0] + 1, (w - kernel[1]) / strides[1] + 1);
      }
      case "same_upper" -> { // TensorFlow's SAME puts the odd pixel at the end too
        return new Padding(x.node, "SAME", Math.floorDiv(h + strides[0] - 1, strides[0]),
            Math.floorDiv(w + strides[1] - 1, strides[1]));
      }
      default -> throw unsupported(layer, "auto_pad " + autoPad);
    }
  }

  private Activation binary(Layer layer, Value a, Value b) {
    String broadcast = layer.data.getOrDefault("auto_broadcast", "numpy");
    if (!broadcast.equals("numpy") && !broadcast.equals("none")) {
      throw unsupported(layer, "auto_broadcast " + broadcast);
    }
    String op = layer.type.equals("Add") ? "AddV2" : "Mul";
    if (a instanceof Constant && b instanceof Constant) {
      throw unsupported(layer, "two constant operands");
    }
    long[] sa = a instanceof Activation x ? x.nchw : ((Constant) a).shape;
    long[] sb = b instanceof Activation x ? x.nchw : ((Constant) b).shape;
    String left = a instanceof Activation x ? x.node : broadcastable(layer, layer.name + "/a", (Constant) a);
    String right = b instanceof Activation x ? x.node : broadcastable(layer, layer.name + "/b", (Constant) b);
    long[] shape = broadcastShape(layer, sa, sb);
    if (shape.length != 4) {
      throw unsupported(layer, "operands of shapes " + Arrays.toString(sa) + " and " + Arrays.toString(sb));
    }
    // Two NHWC activations broadcast as their NCHW originals do: both are permuted alike.
    return new Activation(out.add(out.op(layer.name, op, left, right)), checked(layer, shape));
  }

  /**
   * A constant that broadcasts (numpy rules) against 4-D activations held NHWC: its shape is
   * right-aligned to 4-D NCHW and its values transposed to NHWC; [1,C,1,1] becomes [C].
   */
  private String broadcastable(Layer layer, String hint, Constant c) {
    if (c.shape.length > 4) {
      throw unsupported(layer, "a constant of shape " + Arrays.toString(c.shape));
    }
    long[] nchw = new long[4];
    Arrays.fill(nchw, 1);
    System.arraycopy(c.shape, 0, nchw, 4 - c.shape.length, c.shape.length);
    if (c.values.length == 1) {
      return out.constant(hint, c.values);
    }
    if (c.values.length == nchw[1]) {
      return out.constant(hint, c.values, c.values.length);
    }
    int n = (int) nchw[0];
    int ch = (int) nchw[1];
    int h = (int) nchw[2];
    int w = (int) nchw[3];
    float[] nhwc = new float[c.values.length];
    for (int ni = 0; ni < n; ni++) {
      for (int ci = 0; ci < ch; ci++) {
        for (int hi = 0; hi < h; hi++) {
          for (int wi = 0; wi < w; wi++) {
            nhwc[((ni * h + hi) * w + wi) * ch + ci] = c.values[((ni * ch + ci) * h + hi) * w + wi];
          }
        }
      }
    }
    return out.constant(hint, nhwc, n, h, w, ch);
  }

  private long[] broadcastShape(Layer layer, long[] a, long[] b) {
    long[] shape = new long[Math.max(a.length, b.length)];
    for (int i = 1; i <= shape.length; i++) {
      long da = i <= a.length ? a[a.length - i] : 1;
      long db = i <= b.length ? b[b.length - i] : 1;
      if (da != db && da != 1 && db != 1) {
        throw unsupported(layer, "operands of shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
            + " that do not broadcast");
      }
      shape[shape.length - i] = da == 1 ? db : da;
    }
    return shape;
  }

  /** The computed NCHW shape, after checking it against the shape the layer declares (batch aside). */
  private long[] checked(Layer layer, long[] computed) {
    if (!layer.outputs.isEmpty()) {
      long[] declared = layer.outputs.get(0).dims;
      boolean same = declared.length == computed.length;
      for (int i = 1; same && i < declared.length; i++) {
        same = declared[i] < 0 || computed[i] < 0 || declared[i] == computed[i];
      }
      if (!same) {
        throw new ModelException("Model '" + modelName + "': " + layer.describe() + " declares output shape "
            + Arrays.toString(declared) + " but its inputs and attributes give " + Arrays.toString(computed));
      }
    }
    return computed;
  }

  private Activation activation(Layer layer, List<Value> in, int index) {
    if (in.get(index) instanceof Activation a) {
      return a;
    }
    throw unsupported(layer, "a constant as input " + index);
  }

  private Constant constant(Layer layer, List<Value> in, int index) {
    if (in.get(index) instanceof Constant c) {
      return c;
    }
    throw unsupported(layer, "a computed tensor as input " + index + " (a Const is needed)");
  }

  /** A two-element attribute such as strides, "2, 2"; missing ones are refused. */
  private long[] ints(Layer layer, String attribute) {
    String text = layer.data.get(attribute);
    long[] v = text == null ? new long[0] : dims(text);
    if (v.length != 2) {
      throw unsupported(layer, attribute + " '" + text + "' (two spatial values are needed)");
    }
    return v;
  }

  private Layer single(Map<String, Layer> layers, String type) {
    List<Layer> found = layers.values().stream().filter(l -> l.type.equals(type)).toList();
    if (found.size() != 1) {
      throw new ModelException("Model '" + modelName + "' has " + found.size() + " " + type + " layers "
          + found.stream().map(l -> l.name).toList() + "; exactly one is supported");
    }
    return found.get(0);
  }

  /** Kahn's algorithm, taking ready layers in file order; iterative, as graphs can be deep. */
  private List<Layer> topologicalOrder(Map<String, Layer> layers, Map<String, TreeMap<Integer, Source>> inputs) {
    Map<String, Integer> pending = new HashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    for (Layer layer : layers.values()) {
      var sources = inputs.getOrDefault(layer.id, new TreeMap<>()).values();
      pending.put(layer.id, sources.size());
      for (Source s : sources) {
        consumers.computeIfAbsent(s.layer, k -> new ArrayList<>()).add(layer.id);
      }
    }
    Deque<String> ready = new ArrayDeque<>();
    layers.values().stream().filter(l -> pending.get(l.id) == 0).forEach(l -> ready.add(l.id));
    List<Layer> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String id = ready.poll();
      order.add(layers.get(id));
      for (String consumer : consumers.getOrDefault(id, List.of())) {
        if (pending.merge(consumer, -1, Integer::sum) == 0) {
          ready.add(consumer);
        }
      }
    }
    if (order.size() != layers.size()) {
      throw new ModelException("Model '" + modelName + "': the layers' edges form a cycle");
    }
    return order;
  }

  private Layer layer(Element e) {
    Map<String, String> data = new LinkedHashMap<>();
    Element dataElement = child(e, "data");
    if (dataElement != null) {
      NamedNodeMap attributes = dataElement.getAttributes();
      for (int i = 0; i < attributes.getLength(); i++) {
        data.put(attributes.item(i).getNodeName(), attributes.item(i).getNodeValue().trim());
      }
    }
    List<Port> outputs = new ArrayList<>();
    Element output = child(e, "output");
    if (output != null) {
      for (Element port : children(output, "port")) {
        long[] dims = children(port, "dim").stream().mapToLong(d -> dimension(d.getTextContent())).toArray();
        outputs.add(new Port(integer(port, "id"), dims));
      }
    }
    return new Layer(e.getAttribute("id"), e.getAttribute("name"), e.getAttribute("type"), data, outputs);
  }

  /** "1, 3, 128, 128" or "1,3,128,128"; empty for a scalar; "?" or -1 for an unknown dimension. */
  private long[] dims(String text) {
    if (text.isBlank()) {
      return new long[0];
    }
    return Arrays.stream(text.split(",")).mapToLong(this::dimension).toArray();
  }

  private long dimension(String text) {
    String t = text.trim();
    if (t.equals("?")) {
      return -1;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new ModelException("Model '" + modelName + "': '" + t + "' in the .xml is not a dimension", e);
    }
  }

  private int integer(Element e, String attribute) {
    try {
      return Integer.parseInt(e.getAttribute(attribute).trim());
    } catch (NumberFormatException ex) {
      throw new ModelException("Model '" + modelName + "': <" + e.getTagName() + "> has " + attribute + "='"
          + e.getAttribute(attribute) + "', not a number", ex);
    }
  }

  private Element child(Element parent, String tag) {
    List<Element> found = children(parent, tag);
    return found.isEmpty() ? null : found.get(0);
  }

  private List<Element> children(Element parent, String tag) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        found.add(e);
      }
    }
    return found;
  }

  private ModelException unsupported(Layer layer, String detail) {
    return new ModelException("Model '" + modelName + "': OpenVINO " + layer.describe()
        + (detail != null ? " with " + detail : "") + " is not supported; supported: Parameter (one, f32 NCHW), "
        + "Const (f16, f32), Convert (to f32), Convolution, GroupConvolution (depthwise), Add, Multiply, PReLU, "
        + "Sigmoid, AvgPool (no padding), Result (one)");
  }
}
