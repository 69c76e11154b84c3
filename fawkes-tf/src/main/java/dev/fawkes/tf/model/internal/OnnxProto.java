package dev.fawkes.tf.model.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the ONNX protobuf schema ({@code onnx.proto}) that a feature extractor needs, decoded
 * from the wire format with protobuf-java's {@link CodedInputStream}, so no generated ONNX classes
 * are needed. Field numbers are ONNX's.
 */
final class OnnxProto {
  private OnnxProto() {}

  /**
   * A graph: nodes in topological order, initializers by name, input and output names/shapes, and
   * the version of the default ("ai.onnx") operator set the model imports (0 if it names none).
   */
  record Graph(List<Node> nodes, Map<String, Tensor> initializers, Map<String, long[]> inputs, List<String> outputs,
      long opset) {}

  /** A node of the graph. */
  record Node(String opType, String name, List<String> inputs, List<String> outputs, Map<String, Attribute> attributes) {
    long i(String attr, long fallback) {
      Attribute a = attributes.get(attr);
      return a == null ? fallback : a.i;
    }

    float f(String attr, float fallback) {
      Attribute a = attributes.get(attr);
      return a == null ? fallback : a.f;
    }

    long[] ints(String attr, long... fallback) {
      Attribute a = attributes.get(attr);
      return a == null ? fallback : a.ints;
    }

    String s(String attr, String fallback) {
      Attribute a = attributes.get(attr);
      return a == null || a.s == null ? fallback : a.s;
    }

    /** The tensor attribute {@code attr}, or null. */
    Tensor t(String attr) {
      Attribute a = attributes.get(attr);
      return a == null ? null : a.t;
    }
  }

  /** An attribute: only the int, float, string, tensor and ints forms are read. */
  record Attribute(long i, float f, String s, long[] ints, Tensor t) {}

  /** A constant tensor, as float or int64 values. */
  record Tensor(long[] dims, float[] floats, long[] longs) {}

  static Graph parseModel(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.setSizeLimit(Integer.MAX_VALUE);
    ByteString graph = null;
    long opset = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 7 -> graph = in.readBytes();
        case 8 -> opset = Math.max(opset, parseDefaultOpset(in.readBytes()));
        default -> in.skipField(tag);
      }
    }
    if (graph == null) {
      throw new IOException("no graph in the ONNX model");
    }
    return parseGraph(graph, opset);
  }

  /** OperatorSetIdProto: domain (1), version (2); 0 unless the domain is the default one. */
  private static long parseDefaultOpset(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    String domain = "";
    long version = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> domain = in.readStringRequireUtf8();
        case 2 -> version = in.readInt64();
        default -> in.skipField(tag);
      }
    }
    return domain.isEmpty() || domain.equals("ai.onnx") ? version : 0;
  }

  private static Graph parseGraph(ByteString bytes, long opset) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    List<Node> nodes = new ArrayList<>();
    Map<String, Tensor> initializers = new LinkedHashMap<>();
    Map<String, long[]> inputs = new LinkedHashMap<>();
    List<String> outputs = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> nodes.add(parseNode(in.readBytes()));
        case 5 -> {
          Object[] named = parseTensor(in.readBytes());
          initializers.put((String) named[0], (Tensor) named[1]);
        }
        case 11 -> {
          Object[] info = parseValueInfo(in.readBytes());
          inputs.put((String) info[0], (long[]) info[1]);
        }
        case 12 -> outputs.add((String) parseValueInfo(in.readBytes())[0]);
        default -> in.skipField(tag);
      }
    }
    // Graph inputs that are initializers are weights, not inputs (older exporters list both).
    inputs.keySet().removeAll(initializers.keySet());
    return new Graph(nodes, initializers, inputs, outputs, opset);
  }

  private static Node parseNode(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    String name = "";
    String opType = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(in.readStringRequireUtf8());
        case 2 -> outputs.add(in.readStringRequireUtf8());
        case 3 -> name = in.readStringRequireUtf8();
        case 4 -> opType = in.readStringRequireUtf8();
        case 5 -> {
          Object[] attribute = parseAttribute(in.readBytes());
          attributes.put((String) attribute[0], (Attribute) attribute[1]);
        }
        default -> in.skipField(tag);
      }
    }
    return new Node(opType, name, inputs, outputs, attributes);
  }

  private static Object[] parseAttribute(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    String name = "";
    long i = 0;
    float f = 0;
    String s = null;
    Tensor t = null;
    List<Long> ints = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> name = in.readStringRequireUtf8();
        case 2 -> f = in.readFloat();
        case 3 -> i = in.readInt64();
        case 4 -> s = in.readBytes().toStringUtf8();
        case 5 -> t = (Tensor) parseTensor(in.readBytes())[1];
        case 8 -> readInt64s(in, tag, ints);
        default -> in.skipField(tag);
      }
    }
    return new Object[] {name, new Attribute(i, f, s, ints.stream().mapToLong(Long::longValue).toArray(), t)};
  }

  private static Object[] parseTensor(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = "";
    ByteString raw = null;
    List<Float> floatData = new ArrayList<>();
    List<Long> int64Data = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> readInt64s(in, tag, dims);
        case 2 -> dataType = in.readInt32();
        case 4 -> {
          if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              floatData.add(in.readFloat());
            }
            in.popLimit(limit);
          } else {
            floatData.add(in.readFloat());
          }
        }
        case 7 -> readInt64s(in, tag, int64Data);
        case 8 -> name = in.readStringRequireUtf8();
        case 9 -> raw = in.readBytes();
        default -> in.skipField(tag);
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    Tensor tensor = switch (dataType) {
      case 1 -> { // FLOAT
        float[] values;
        if (raw != null) {
          values = new float[raw.size() / 4];
          raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        } else {
          values = new float[floatData.size()];
          for (int k = 0; k < values.length; k++) {
            values[k] = floatData.get(k);
          }
        }
        yield new Tensor(shape, values, null);
      }
      case 7 -> { // INT64
        long[] values;
        if (raw != null) {
          ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
          values = new long[raw.size() / 8];
          b.asLongBuffer().get(values);
        } else {
          values = int64Data.stream().mapToLong(Long::longValue).toArray();
        }
        yield new Tensor(shape, null, values);
      }
      default -> throw new IOException("constant tensor '" + name + "' has ONNX data type " + dataType
          + "; only FLOAT and INT64 constants are supported");
    };
    return new Object[] {name, tensor};
  }

  /** Name and shape (-1 for symbolic dimensions) of a ValueInfoProto. */
  private static Object[] parseValueInfo(ByteString bytes) throws IOException {
    CodedInputStream in = bytes.newCodedInput();
    String name = "";
    List<Long> shape = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> name = in.readStringRequireUtf8();
        case 2 -> readShape(in.readBytes(), shape);
        default -> in.skipField(tag);
      }
    }
    return new Object[] {name, shape.stream().mapToLong(Long::longValue).toArray()};
  }

  /** TypeProto.tensor_type(1).shape(2).dim(1).{dim_value(1) | dim_param(2)}. */
  private static void readShape(ByteString typeProto, List<Long> shape) throws IOException {
    ByteString tensorType = field(typeProto, 1);
    ByteString shapeProto = tensorType == null ? null : field(tensorType, 2);
    if (shapeProto == null) {
      return;
    }
    CodedInputStream in = shapeProto.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 1) {
        CodedInputStream dim = in.readBytes().newCodedInput();
        long value = -1;
        for (int t = dim.readTag(); t != 0; t = dim.readTag()) {
          if (WireFormat.getTagFieldNumber(t) == 1) {
            value = dim.readInt64();
          } else {
            dim.skipField(t);
          }
        }
        shape.add(value);
      } else {
        in.skipField(tag);
      }
    }
  }

  private static ByteString field(ByteString message, int number) throws IOException {
    CodedInputStream in = message.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == number) {
        return in.readBytes();
      }
      in.skipField(tag);
    }
    return null;
  }

  private static void readInt64s(CodedInputStream in, int tag, List<Long> out) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int limit = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        out.add(in.readInt64());
      }
      in.popLimit(limit);
    } else {
      out.add(in.readInt64());
    }
  }
}
