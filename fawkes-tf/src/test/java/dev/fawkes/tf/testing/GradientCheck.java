package dev.fawkes.tf.testing;

import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.ImageBatch;
import dev.fawkes.tf.model.internal.ImageTensors;
import dev.fawkes.tf.model.internal.ModelGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Compares a model's graph gradient with central finite differences: the loss is the squared
 * distance between the embeddings of a face and of a target face (the cloak's feature term), and
 * the derivative is taken along a few directions in pixel space.
 */
public final class GradientCheck {
  /** Finite-difference step, in 0..1 pixel units (0.026 of a 0..255 level): small enough to cross few ReLU kinks. */
  private static final float H = 1e-4f;

  private GradientCheck() {}

  /** One direction's analytic and numeric directional derivatives. */
  public record Direction(double analytic, double numeric) {
    public double relativeError() {
      return Math.abs(numeric - analytic) / Math.abs(analytic);
    }
  }

  /**
   * Directional derivatives along sign(gradient) and two random +-1 directions mixed with it, so
   * that each is well above float32 noise.
   */
  public static List<Direction> run(FaceModel model, ImageBatch face, ImageBatch target) {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Shape shape = Shape.of(1, face.height(), face.width(), 3);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      ModelGraph modelGraph = ModelGraph.of(model);
      Operand<TFloat32> loss = tf.reduceSum(
          tf.math.square(tf.math.sub(modelGraph.embeddings(tf, x), modelGraph.embeddings(tf, y))), tf.constant(new int[] {0, 1}));
      Output<?> gradient = graph.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput()})[0];

      float[] g = new float[face.count() * face.height() * face.width() * 3];
      try (TFloat32 xs = ImageTensors.of(face); TFloat32 ys = ImageTensors.of(target);
          Result r = session.runner().feed(x, xs).feed(y, ys).fetch(gradient).run()) {
        ((TFloat32) r.get(0)).asRawTensor().data().asFloats().read(g);
      }
      Random random = new Random(42);
      List<Direction> directions = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        float[] v = new float[g.length];
        for (int i = 0; i < v.length; i++) {
          float sign = Math.signum(g[i]);
          v[i] = k == 0 ? sign : (random.nextBoolean() ? 1f : -1f) * (random.nextFloat() < 0.5f ? 1f : 0f) + sign;
        }
        double analytic = 0;
        for (int i = 0; i < v.length; i++) {
          analytic += (double) g[i] * v[i];
        }
        double numeric = (loss(session, x, y, loss, shift(face, v, H), target)
            - loss(session, x, y, loss, shift(face, v, -H), target)) / (2 * H);
        directions.add(new Direction(analytic, numeric));
      }
      return directions;
    }
  }

  private static ImageBatch shift(ImageBatch batch, float[] v, float h) {
    float[] p = batch.pixels();
    for (int i = 0; i < p.length; i++) {
      p[i] += h * v[i];
    }
    return ImageBatch.of(batch.count(), batch.height(), batch.width(), p);
  }

  private static double loss(Session session, Placeholder<TFloat32> x, Placeholder<TFloat32> y,
      Operand<TFloat32> loss, ImageBatch xb, ImageBatch yb) {
    try (TFloat32 xs = ImageTensors.of(xb); TFloat32 ys = ImageTensors.of(yb);
        Result r = session.runner().feed(x, xs).feed(y, ys).fetch(loss).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
