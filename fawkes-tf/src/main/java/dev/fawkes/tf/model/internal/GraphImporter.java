package dev.fawkes.tf.model.internal;

import dev.fawkes.ModelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.GraphOperationBuilder;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Adds the nodes of a {@link GraphDef} to an existing {@link Graph}, one operation at a time.
 *
 * <p>Unlike {@link Graph#importGraphDef}, this can replace the model's input placeholder by any
 * operand already in the graph (the preprocessing of a cloak variable, say), so that gradients flow
 * from the model's output back to it. Only the nodes the requested outputs depend on are added, and
 * each is named {@code prefix/original-name}, so several models can share one graph.
 */
public final class GraphImporter {
  private GraphImporter() {}

  /** Holds the registered op definitions, read once from the native library. */
  private static final class Registry {
    static final Map<String, OpDef> OPS = load();

    private static Map<String, OpDef> load() {
      Map<String, OpDef> ops = new HashMap<>();
      for (OpDef op : TensorFlow.registeredOpList().getOpList()) {
        ops.put(op.getName(), op);
      }
      return Map.copyOf(ops);
    }
  }

  /**
   * Imports the part of {@code graph} that {@code outputs} depend on.
   *
   * @param modelName used in error messages
   * @param inputs operands that replace the graph's nodes of these names (its placeholders)
   * @param outputs tensor names ({@code node} or {@code node:index}) to return, in order
   * @throws ModelException if a node uses an op TensorFlow does not have, a placeholder is not
   *     replaced, or a name does not exist
   */
  public static List<Output<?>> importInto(Graph target, String prefix, String modelName, GraphDef graph,
      Map<String, ? extends Operand<?>> inputs, List<String> outputs) {
    Map<String, NodeDef> nodes = new HashMap<>();
    for (NodeDef node : graph.getNodeList()) {
      nodes.put(node.getName(), node);
    }
    for (String input : inputs.keySet()) {
      if (!nodes.containsKey(input)) {
        throw new ModelException("Model '" + modelName + "' has no input node '" + input + "'");
      }
    }
    Map<String, GraphOperation> built = new HashMap<>();
    List<Output<?>> result = new ArrayList<>();
    for (String output : outputs) {
      TensorRef ref = TensorRef.parse(output);
      if (!nodes.containsKey(ref.node)) {
        throw new ModelException("Model '" + modelName + "' has no output node '" + ref.node + "'");
      }
      for (NodeDef node : topologicalOrder(modelName, ref.node, nodes, inputs)) {
        built.put(node.getName(), addNode(target, prefix, modelName, node, built, inputs));
      }
      result.add(resolve(ref, built, inputs));
    }
    return result;
  }

  private static List<NodeDef> topologicalOrder(
      String modelName, String root, Map<String, NodeDef> nodes, Map<String, ? extends Operand<?>> inputs) {
    List<NodeDef> order = new ArrayList<>();
    Map<String, Boolean> state = new HashMap<>(); // false: on the stack, true: done
    // Iterative post-order DFS: models can be deep enough to overflow a recursive walk.
    Deque<Integer> cursor = new ArrayDeque<>();
    cursor.push(0);
    List<String> path = new ArrayList<>();
    path.add(root);
    state.put(root, false);
    while (!path.isEmpty()) {
      String name = path.get(path.size() - 1);
      int next = cursor.pop();
      List<String> deps = inputs.containsKey(name) ? List.of() : nodes.get(name).getInputList();
      if (next < deps.size()) {
        cursor.push(next + 1);
        String dep = TensorRef.parse(deps.get(next)).node;
        if (!nodes.containsKey(dep)) {
          throw new ModelException("Model '" + modelName + "': node '" + name + "' reads '" + dep
              + "', which does not exist");
        }
        Boolean seen = state.get(dep);
        if (seen == null) {
          state.put(dep, false);
          path.add(dep);
          cursor.push(0);
        } else if (!seen) {
          throw new ModelException("Model '" + modelName + "' has a cycle through node '" + dep + "'");
        }
      } else {
        path.remove(path.size() - 1);
        state.put(name, true);
        if (!inputs.containsKey(name)) {
          order.add(nodes.get(name));
        }
      }
    }
    return order;
  }

  private static GraphOperation addNode(Graph target, String prefix, String modelName, NodeDef node,
      Map<String, GraphOperation> built, Map<String, ? extends Operand<?>> inputs) {
    if (built.containsKey(node.getName())) {
      return built.get(node.getName());
    }
    if (node.getOp().equals("Placeholder")) {
      throw new ModelException("Model '" + modelName + "': placeholder '" + node.getName()
          + "' is not connected; name it as the model's input");
    }
    OpDef def = Registry.OPS.get(node.getOp());
    if (def == null) {
      throw new ModelException("Model '" + modelName + "': node '" + node.getName() + "' uses op '"
          + node.getOp() + "', which this TensorFlow build does not have and the importer cannot rewrite");
    }
    GraphOperationBuilder builder = target.opBuilder(node.getOp(), prefix + "/" + node.getName(), target.baseScope());
    List<TensorRef> data = new ArrayList<>();
    for (String input : node.getInputList()) {
      TensorRef ref = TensorRef.parse(input);
      if (ref.control) {
        if (!inputs.containsKey(ref.node)) {
          builder.addControlInput(built.get(ref.node));
        }
      } else {
        data.add(ref);
      }
    }
    int next = 0;
    try {
      for (OpDef.ArgDef arg : def.getInputArgList()) {
        int listSize = -1;
        if (!arg.getNumberAttr().isEmpty()) {
          listSize = (int) node.getAttrOrThrow(arg.getNumberAttr()).getI();
        } else if (!arg.getTypeListAttr().isEmpty()) {
          listSize = node.getAttrOrThrow(arg.getTypeListAttr()).getList().getTypeCount();
        }
        if (listSize < 0) {
          builder.addInput(resolve(data.get(next++), built, inputs));
        } else {
          Output<?>[] list = new Output<?>[listSize];
          for (int i = 0; i < listSize; i++) {
            list[i] = resolve(data.get(next++), built, inputs);
          }
          builder.addInputList(list);
        }
      }
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new ModelException("Model '" + modelName + "': node '" + node.getName() + "' (" + node.getOp()
          + ") does not match the op's definition: " + e.getMessage(), e);
    }
    if (next != data.size()) {
      throw new ModelException("Model '" + modelName + "': node '" + node.getName() + "' (" + node.getOp()
          + ") has " + data.size() + " inputs, the op takes " + next);
    }
    for (Map.Entry<String, AttrValue> attr : node.getAttrMap().entrySet()) {
      if (!attr.getKey().startsWith("_")) {
        builder.setAttr(attr.getKey(), attr.getValue());
      }
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw new ModelException("Model '" + modelName + "': cannot add node '" + node.getName() + "' ("
          + node.getOp() + "): " + e.getMessage(), e);
    }
  }

  private static Output<?> resolve(
      TensorRef ref, Map<String, GraphOperation> built, Map<String, ? extends Operand<?>> inputs) {
    Operand<?> input = inputs.get(ref.node);
    if (input != null) {
      return input.asOutput();
    }
    return built.get(ref.node).output(ref.index);
  }

  /** A parsed input reference: {@code node}, {@code node:index} or {@code ^node}. */
  private record TensorRef(String node, int index, boolean control) {
    static TensorRef parse(String s) {
      if (s.startsWith("^")) {
        return new TensorRef(s.substring(1), 0, true);
      }
      int colon = s.lastIndexOf(':');
      if (colon > 0 && s.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < s.length() - 1) {
        return new TensorRef(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)), false);
      }
      return new TensorRef(s, 0, false);
    }
  }

  /** Returns the names of the graph's placeholder nodes, in graph order. */
  static List<String> placeholders(GraphDef graph) {
    List<String> names = new ArrayList<>();
    for (NodeDef node : graph.getNodeList()) {
      if (node.getOp().equals("Placeholder")) {
        names.add(node.getName());
      }
    }
    return names;
  }
}
