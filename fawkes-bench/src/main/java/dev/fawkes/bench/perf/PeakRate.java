package dev.fawkes.bench.perf;

import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The machine's practical peak rate of float32 arithmetic in TensorFlow: the best of several runs
 * of a large matrix product (n x n by n x n, 2n^3 operations), the kind of kernel TensorFlow runs
 * fastest. The two 16 MB inputs are fed and a scalar comes back, next to 17 GFLOP of arithmetic
 * at n = 2048.
 */
final class PeakRate {
  private PeakRate() {}

  /** Operations per second, the best of {@code runs}. */
  static double measure(int n, int runs) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Random random = new Random(1);
      float[] values = new float[n * n];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextFloat() - 0.5f;
      }
      // Fed, not constants: Grappler would fold a product of constants once, before any run.
      Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
      Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
      Operand<TFloat32> sum = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      try (Session session = new Session(graph);
          TFloat32 x = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false))) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < runs + 1; r++) {
          long t0 = System.nanoTime();
          try (Result result = session.runner().feed(a, x).feed(b, x).fetch(sum).run()) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (r > 0) { // the first run sets up the kernels
              best = Math.min(best, seconds);
            }
          }
        }
        return 2.0 * n * n * n / best;
      }
    }
  }
}
