package dev.fawkes.bench.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class GraphFlopsTest {
  @Test
  void countsMultiplyAddsFromShapesAndOneOperationPerElementOtherwise() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 8, 8, 3)));
      Operand<TFloat32> conv = tf.nn.conv2d(x, tf.constant(new float[3][3][3][4]),
          List.of(1L, 1L, 1L, 1L), "SAME");
      Operand<TFloat32> relu = tf.nn.relu(conv); // 256 elements
      Operand<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 5)));
      Operand<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(5, 7)));
      Operand<TFloat32> product = tf.linalg.matMul(a, b);
      Operand<TFloat32> exp = tf.math.exp(product); // 14 elements, counted only when it is a target

      GraphFlops.Count count = GraphFlops.of(List.of(relu.op(), product.op()));
      GraphFlops.Count withExp = GraphFlops.of(List.of(relu.op(), exp.op()));

      // conv: 8*8*4 outputs x 3*3*3 multiply-adds x 2; matmul: 2*7 outputs x 5 x 2.
      assertThat(count.matrix()).isEqualTo(8 * 8 * 4 * 27 * 2 + 2 * 7 * 5 * 2);
      // The relu; the constant filter and the placeholders cost nothing.
      assertThat(count.elementwise()).isEqualTo(256);
      assertThat(withExp.matrix()).as("the product, reached through the exp").isEqualTo(count.matrix());
      assertThat(withExp.elementwise()).isEqualTo(256 + 2 * 7);
    }
  }
}
