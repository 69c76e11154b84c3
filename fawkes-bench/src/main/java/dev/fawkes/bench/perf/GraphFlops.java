package dev.fawkes.bench.perf;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.ndarray.Shape;

/**
 * Counts the floating-point operations that running some ops of a graph costs: every op they depend
 * on (data and control inputs), with the multiply-adds of convolutions and matrix products counted
 * exactly from the static shapes (2 per multiply-add) and every other op as one operation per output
 * element. That is the arithmetic a step cannot avoid; dividing by a measured peak rate gives its
 * time floor.
 */
final class GraphFlops {
  /** Multiply-add operations (convolutions, products) and the elementwise rest, of one run. */
  record Count(long matrix, long elementwise) {
    long total() {
      return matrix + elementwise;
    }
  }

  private GraphFlops() {}

  /** The arithmetic of running {@code targets}: theirs and that of every op they depend on. */
  static Count of(List<? extends Operation> targets) {
    Set<GraphOperation> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    for (Operation op : targets) {
      todo.add((GraphOperation) op);
    }
    long matrix = 0;
    long elementwise = 0;
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (!seen.add(op)) {
        continue;
      }
      for (Operand<?> input : op.inputs()) {
        todo.add((GraphOperation) input.op());
      }
      todo.addAll(op.controlInputs());
      long m = matrixFlops(op);
      if (m >= 0) {
        matrix += m;
      } else if (!isFree(op.type())) {
        for (int i = 0; i < op.numOutputs(); i++) {
          elementwise += Math.max(0, elements(op.output(i).shape()));
        }
      }
    }
    return new Count(matrix, elementwise);
  }

  /** 2 x multiply-adds of a convolution or product; -1 for any other op. */
  private static long matrixFlops(GraphOperation op) {
    switch (op.type()) {
      case "Conv2D": {
        Shape filter = op.input(1).shape(); // [kh, kw, in, out]
        return 2 * elements(op.output(0).shape()) * filter.size(0) * filter.size(1) * filter.size(2);
      }
      case "Conv2DBackpropInput": {
        Shape filter = op.input(1).shape();
        return 2 * elements(op.input(2).shape()) * filter.size(0) * filter.size(1) * filter.size(2);
      }
      case "Conv2DBackpropFilter": {
        Shape filter = op.output(0).shape();
        return 2 * elements(op.input(2).shape()) * filter.size(0) * filter.size(1) * filter.size(2);
      }
      case "DepthwiseConv2dNative": {
        Shape filter = op.input(1).shape(); // [kh, kw, in, multiplier]
        return 2 * elements(op.output(0).shape()) * filter.size(0) * filter.size(1);
      }
      case "DepthwiseConv2dNativeBackpropInput":
      case "DepthwiseConv2dNativeBackpropFilter": {
        Shape filter = op.type().endsWith("Input") ? op.input(1).shape() : op.output(0).shape();
        return 2 * elements(op.input(2).shape()) * filter.size(0) * filter.size(1);
      }
      case "MatMul":
      case "BatchMatMul":
      case "BatchMatMulV2": {
        Shape a = op.input(0).shape();
        boolean transposed = op.type().equals("MatMul") ? op.attributes().getAttrBool("transpose_a")
            : op.attributes().getAttrBool("adj_x");
        long inner = transposed ? a.size(a.numDimensions() - 2) : a.size(a.numDimensions() - 1);
        return 2 * elements(op.output(0).shape()) * inner;
      }
      default:
        return -1;
    }
  }

  /** Ops that move or name data without arithmetic. */
  private static boolean isFree(String type) {
    return switch (type) {
      case "Const", "Placeholder", "Identity", "Reshape", "Shape", "VarHandleOp", "ReadVariableOp",
          "AssignVariableOp", "NoOp", "StopGradient", "Squeeze", "ExpandDims", "ZerosLike", "OnesLike", "Fill",
          "Pack", "Unpack", "ConcatV2", "Slice", "StridedSlice", "Transpose", "Pad", "MirrorPad", "GatherV2",
          "BroadcastTo", "BroadcastGradientArgs", "Size", "Rank", "Range" -> true;
      default -> false;
    };
  }

  private static long elements(Shape shape) {
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      return 0; // not counted: a floor may only be too low, never too high
    }
    return shape.size();
  }
}
