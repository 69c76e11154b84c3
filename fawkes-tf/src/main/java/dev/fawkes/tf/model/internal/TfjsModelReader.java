package dev.fawkes.tf.model.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.fawkes.ModelException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Reads a TF.js graph model ({@code model.json} plus binary weight shards) into a {@link GraphDef}
 * whose {@code Const} nodes hold their weights.
 *
 * <p>The topology is a GraphDef in protobuf JSON. The weights manifest lists, shard group by shard
 * group, each weight's name, shape and dtype, stored back to back in the group's concatenated shards.
 * Quantized weights are dequantized to float32 here: {@code float16}, and {@code uint8}/{@code
 * uint16} with an affine {@code min}/{@code scale}.
 */
final class TfjsModelReader {
  private TfjsModelReader() {}

  /**
   * Reads a model.
   *
   * @param modelName the name used in error messages
   * @param modelJson the bytes of {@code model.json}
   * @param shards loads a weight shard by its path relative to {@code model.json}
   * @throws ModelException if the files are malformed or do not match each other
   */
  static GraphDef read(String modelName, byte[] modelJson, Function<String, byte[]> shards) {
    JsonObject root;
    try {
      root = JsonParser.parseString(new String(modelJson, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new ModelException("Model '" + modelName + "': model.json is not valid JSON", e);
    }
    if (!root.has("modelTopology") || !root.has("weightsManifest")) {
      throw new ModelException("Model '" + modelName
          + "': model.json has no modelTopology/weightsManifest; only TF.js graph models are supported");
    }
    GraphDef.Builder graph = GraphDef.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(root.get("modelTopology").toString(), graph);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelException("Model '" + modelName + "': modelTopology is not a GraphDef", e);
    }

    Map<String, Integer> nodeIndex = new HashMap<>();
    for (int i = 0; i < graph.getNodeCount(); i++) {
      nodeIndex.put(graph.getNode(i).getName(), i);
    }
    for (JsonElement groupElement : root.getAsJsonArray("weightsManifest")) {
      JsonObject group = groupElement.getAsJsonObject();
      ByteBuffer data = ByteBuffer.wrap(concatShards(modelName, group.getAsJsonArray("paths"), shards))
          .order(ByteOrder.LITTLE_ENDIAN);
      for (JsonElement weightElement : group.getAsJsonArray("weights")) {
        JsonObject weight = weightElement.getAsJsonObject();
        String name = weight.get("name").getAsString();
        Integer index = nodeIndex.get(name);
        if (index == null) {
          throw new ModelException("Model '" + modelName + "': weight '" + name + "' has no Const node");
        }
        TensorProto value = readWeight(modelName, weight, data);
        NodeDef.Builder node = graph.getNodeBuilder(index);
        node.putAttr("value", AttrValue.newBuilder().setTensor(value).build());
        node.putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build());
      }
      if (data.hasRemaining()) {
        throw new ModelException("Model '" + modelName + "': " + data.remaining()
            + " bytes of weight data are not described by the manifest");
      }
    }
    return graph.build();
  }

  private static byte[] concatShards(String modelName, JsonArray paths, Function<String, byte[]> shards) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (JsonElement path : paths) {
      byte[] shard = shards.apply(path.getAsString());
      if (shard == null) {
        throw new ModelException("Model '" + modelName + "': weight shard '" + path.getAsString() + "' is missing");
      }
      all.writeBytes(shard);
    }
    return all.toByteArray();
  }

  private static TensorProto readWeight(String modelName, JsonObject weight, ByteBuffer data) {
    String name = weight.get("name").getAsString();
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    long count = 1;
    for (JsonElement dim : weight.getAsJsonArray("shape")) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim.getAsLong()));
      count *= dim.getAsLong();
    }
    String dtype = weight.get("dtype").getAsString();
    JsonObject quantization = weight.has("quantization") ? weight.getAsJsonObject("quantization") : null;
    String stored = quantization != null ? quantization.get("dtype").getAsString() : dtype;
    int elementSize = switch (stored) {
      case "float32", "int32" -> 4;
      case "float16", "uint16" -> 2;
      case "uint8", "bool" -> 1;
      default -> throw new ModelException("Model '" + modelName + "': weight '" + name
          + "' has unsupported storage type '" + stored + "'");
    };
    long bytes = count * elementSize;
    if (bytes > data.remaining()) {
      throw new ModelException("Model '" + modelName + "': weight data ends inside weight '" + name
          + "'; the shards are truncated or do not belong to this model.json");
    }
    ByteBuffer raw = data.slice().order(ByteOrder.LITTLE_ENDIAN).limit((int) bytes);
    data.position(data.position() + (int) bytes);

    TensorProto.Builder tensor = TensorProto.newBuilder().setTensorShape(shape);
    if (quantization == null) {
      tensor.setDtype(switch (dtype) {
        case "float32" -> DataType.DT_FLOAT;
        case "int32" -> DataType.DT_INT32;
        case "bool" -> DataType.DT_BOOL;
        default -> throw new ModelException("Model '" + modelName + "': weight '" + name
            + "' has unsupported dtype '" + dtype + "'");
      });
      return tensor.setTensorContent(ByteString.copyFrom(raw)).build();
    }
    if (!dtype.equals("float32")) {
      throw new ModelException("Model '" + modelName + "': quantized weight '" + name
          + "' has dtype '" + dtype + "'; only float32 weights can be dequantized");
    }
    ByteBuffer out = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
    switch (stored) {
      case "float16" -> {
        for (long i = 0; i < count; i++) {
          out.putFloat(Float16.toFloat(raw.getShort()));
        }
      }
      case "uint8", "uint16" -> {
        float min = quantization.get("min").getAsFloat();
        float scale = quantization.get("scale").getAsFloat();
        for (long i = 0; i < count; i++) {
          int q = stored.equals("uint8") ? Byte.toUnsignedInt(raw.get()) : Short.toUnsignedInt(raw.getShort());
          out.putFloat(q * scale + min);
        }
      }
      default -> throw new ModelException("Model '" + modelName + "': weight '" + name
          + "' has unsupported quantization '" + stored + "'");
    }
    out.flip();
    return tensor.setDtype(DataType.DT_FLOAT).setTensorContent(ByteString.copyFrom(out)).build();
  }
}
