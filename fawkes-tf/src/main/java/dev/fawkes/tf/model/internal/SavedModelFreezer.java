package dev.fawkes.tf.model.internal;

import com.google.protobuf.ByteString;
import dev.fawkes.ModelException;
import dev.fawkes.tf.model.ExtractorSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Turns a SavedModel into a frozen graph: each variable read on the path from the input to the
 * embedding becomes a constant holding the variable's saved value.
 *
 * <p>Input and output may be named by node or by the key of the serving signature. Graphs whose
 * embedding is computed inside function calls ({@code StatefulPartitionedCall}, as Keras exports
 * them) are refused with a message that says how to freeze them first.
 */
public final class SavedModelFreezer {
  private static final Set<String> VARIABLE_READS = Set.of("ReadVariableOp", "VariableV2", "Variable");
  private static final Set<String> UNSUPPORTED =
      Set.of("VarHandleOp", "StatefulPartitionedCall", "PartitionedCall", "ResourceGather");

  private SavedModelFreezer() {}

  /**
   * A frozen graph and the names of its input and output nodes.
   *
   * @param inputNode the input, resolved to a node name
   * @param outputNode the embedding, resolved to a node name ({@code node} or {@code node:index})
   * @param graph the graph with the variables the embedding reads turned into constants
   */
  public record Frozen(String inputNode, String outputNode, GraphDef graph) {}

  /**
   * Freezes the SavedModel in {@code dir} (tag {@code serve}).
   *
   * @param spec names the input and output, by node name or by key of the serving signature
   * @throws ModelException if the folder is not a SavedModel, or the embedding is computed through
   *     ops that cannot be frozen here
   */
  public static Frozen freeze(Path dir, ExtractorSpec spec) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new ModelException("Model '" + spec.name() + "': " + dir + " is not a SavedModel folder (no saved_model.pb)");
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG)) {
      SignatureDef signature = signature(bundle);
      String input = inputNode(signature, spec.inputNode());
      String outputTensor = outputNode(signature, spec.outputNode());
      GraphDef graph = bundle.graph().toGraphDef();
      String output = outputTensor.replaceFirst(":\\d+$", "");
      Set<String> needed = ancestors(graph, output, input);
      GraphDef.Builder frozen = graph.toBuilder();
      for (NodeDef.Builder node : frozen.getNodeBuilderList()) {
        if (needed.contains(node.getName()) && VARIABLE_READS.contains(node.getOp())) {
          TensorProto value = evaluate(bundle, node.getName());
          node.clearInput().clearAttr().setOp("Const")
              .putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build())
              .putAttr("value", AttrValue.newBuilder().setTensor(value).build());
        }
      }
      GraphDef result = frozen.build();
      for (String name : ancestors(result, output, input)) {
        NodeDef node = result.getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
        if (UNSUPPORTED.contains(node.getOp())) {
          throw new ModelException("Model '" + spec.name() + "': its embedding is computed through " + node.getOp()
              + " (node '" + name + "'), which cannot be frozen here. Export a frozen GraphDef instead "
              + "(in Python: convert_variables_to_constants_v2) and load it with FaceModel.fromFrozenGraph");
        }
      }
      return new Frozen(input, outputTensor, result);
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw new ModelException("Model '" + spec.name() + "': cannot load SavedModel " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The serving signature, or the only one; an empty one if neither exists. */
  private static SignatureDef signature(SavedModelBundle bundle) {
    Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
    return signatures.getOrDefault("serving_default",
        signatures.size() == 1 ? signatures.values().iterator().next() : SignatureDef.getDefaultInstance());
  }

  /** The input's node name: a signature key resolved, or the name as given. */
  private static String inputNode(SignatureDef signature, String name) {
    TensorInfo in = signature.getInputsMap().get(name);
    return in == null ? name : in.getName().replaceFirst(":\\d+$", "");
  }

  /** The output's tensor name ({@code node} for output 0): a signature key resolved, or the name as given. */
  private static String outputNode(SignatureDef signature, String name) {
    TensorInfo out = signature.getOutputsMap().get(name);
    if (out == null) {
      return name;
    }
    return out.getName().endsWith(":0") ? out.getName().replaceFirst(":0$", "") : out.getName();
  }

  /** The nodes {@code output} depends on, not looking past {@code input}. */
  private static Set<String> ancestors(GraphDef graph, String output, String input) {
    Map<String, NodeDef> nodes = new HashMap<>();
    graph.getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.push(output);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      NodeDef node = nodes.get(name);
      if (node == null || !seen.add(name) || name.equals(input)) {
        continue;
      }
      for (String dep : node.getInputList()) {
        todo.push(dep.replaceFirst("^\\^", "").replaceFirst(":\\d+$", ""));
      }
    }
    return seen;
  }

  private static TensorProto evaluate(SavedModelBundle bundle, String node) {
    try (Result result = bundle.session().runner().fetch(node).run()) {
      Tensor tensor = result.get(0);
      byte[] bytes = new byte[(int) tensor.numBytes()];
      tensor.asRawTensor().data().read(bytes);
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (long d : tensor.shape().asArray()) {
        shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
      }
      return TensorProto.newBuilder().setDtype(tensor.dataType()).setTensorShape(shape)
          .setTensorContent(ByteString.copyFrom(bytes)).build();
    }
  }
}
