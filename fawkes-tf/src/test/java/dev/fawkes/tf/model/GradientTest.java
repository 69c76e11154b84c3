package dev.fawkes.tf.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.testing.Faces;
import dev.fawkes.tf.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 * The graph's gradient of an embedding distance with respect to the input image must match central
 * finite differences, on a real face: the cloak optimizer depends on it.
 */
class GradientTest {
  /** Finite-difference step, in 0..1 pixel units (0.026 of a 0..255 level): small enough to cross few ReLU kinks. */
  private static final float H = 1e-4f;

  @ParameterizedTest
  @ValueSource(strings = {"faceres", "faceres-deep", "mobileface"})
  void inputGradientOfEmbeddingDistanceMatchesFiniteDifferences(String name) {
    List<Path> files = SharedData.lfwUser("Serena_Williams", 1);
    List<Path> other = SharedData.lfwUser("Tony_Blair", 1);
    ImageBatch face = ImageBatch.of(Faces.centralCrops(files));
    ImageBatch target = ImageBatch.of(Faces.centralCrops(other));
    FaceModel model = ModelZoo.load(name);

    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Shape shape = Shape.of(1, face.height(), face.width(), 3);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      Operand<TFloat32> ex = model.embeddings(tf, x);
      Operand<TFloat32> ey = model.embeddings(tf, y);
      // Squared L2 distance between the two unit embeddings, as the cloak's feature term.
      Operand<TFloat32> loss = tf.reduceSum(tf.math.square(tf.math.sub(ex, ey)), tf.constant(new int[] {0, 1}));
      Output<?> gradient = graph.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput()})[0];

      float[] g = new float[face.pixels().length];
      float loss0;
      try (TFloat32 xs = face.toTensor(); TFloat32 ys = target.toTensor();
          Result r = session.runner().feed(x, xs).feed(y, ys).fetch(loss).fetch(gradient).run()) {
        loss0 = ((TFloat32) r.get(0)).getFloat();
        ((TFloat32) r.get(1)).asRawTensor().data().asFloats().read(g);
      }
      assertThat(loss0).isGreaterThan(0.1f);

      Random random = new Random(42);
      for (int k = 0; k < 3; k++) {
        // Directions: sign(gradient), then random +-1 directions mixed with it, so that the
        // directional derivative is well above float32 noise.
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
        assertThat(Math.abs(analytic)).as("directional derivative %s", k).isGreaterThan(0.1);
        assertThat(Math.abs(numeric - analytic) / Math.abs(analytic))
            .as("%s: analytic %s vs finite difference %s", name, analytic, numeric)
            .isLessThan(0.03);
      }
    }
  }

  private static ImageBatch shift(ImageBatch batch, float[] v, float h) {
    float[] p = batch.pixels().clone();
    for (int i = 0; i < p.length; i++) {
      p[i] += h * v[i];
    }
    return new ImageBatch(batch.count(), batch.height(), batch.width(), p);
  }

  private static double loss(Session session, Placeholder<TFloat32> x, Placeholder<TFloat32> y,
      Operand<TFloat32> loss, ImageBatch xb, ImageBatch yb) {
    try (TFloat32 xs = xb.toTensor(); TFloat32 ys = yb.toTensor();
        Result r = session.runner().feed(x, xs).feed(y, ys).fetch(loss).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
