package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.fawkes.AlignedFace;
import dev.fawkes.BackendException;
import dev.fawkes.tf.model.internal.ImageTensors;
import dev.fawkes.tf.model.internal.ModelGraph;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * Computes L2-normalised face embeddings with one {@link FaceModel} in its own TensorFlow session.
 *
 * <pre>{@code
 * try (FeatureExtractor extractor = FeatureExtractor.create(ModelZoo.load("faceres"))) {
 *   float[][] embeddings = extractor.embed(ImageBatch.of(faceCrops));
 * }
 * }</pre>
 *
 * <p>Thread-safe: concurrent {@link #embed} calls share the session. Holds native memory until
 * {@link #close()}.
 */
public final class FeatureExtractor implements AutoCloseable {
  private final ExtractorSpec spec;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> input;
  private final Placeholder<TFloat32> framing;
  private final Operand<TFloat32> embeddings;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FeatureExtractor(FaceModel model) {
    this.spec = model.spec();
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      this.input = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      this.framing = tf.withName("framing").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
      this.embeddings = ModelGraph.of(model).embeddings(tf, input, framing);
      this.session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * Builds the model's graph and opens a session on it.
   *
   * @param model a model from {@link ModelZoo} or {@link FaceModel}'s factories
   * @return the extractor; the caller closes it
   * @throws IllegalArgumentException if the model is of a class the library did not make
   */
  public static FeatureExtractor create(FaceModel model) {
    checkNotNull(model, "model");
    return new FeatureExtractor(model);
  }

  /**
   * The model's description.
   *
   * @return the spec of the model this extractor runs
   */
  public ExtractorSpec spec() {
    return spec;
  }

  /**
   * Returns one L2-normalised embedding per image of the batch; each image is a canonical crop.
   *
   * @param batch canonical crops, of any one size
   * @return one unit vector per image, in batch order
   * @throws IllegalStateException if this extractor is closed
   * @throws BackendException if TensorFlow fails
   */
  public float[][] embed(ImageBatch batch) {
    checkNotNull(batch, "batch");
    float[] whole = new float[batch.count() * 4];
    for (int i = 0; i < batch.count(); i++) {
      whole[4 * i + 2] = 1;
      whole[4 * i + 3] = 1;
    }
    return embed(batch, whole);
  }

  /**
   * The embedding of an aligned face, read from its canonical framing within the crop.
   *
   * @param face a face as an aligner returns it
   * @return a unit vector
   * @throws IllegalStateException if this extractor is closed
   * @throws BackendException if TensorFlow fails
   */
  public float[] embed(AlignedFace face) {
    checkNotNull(face, "face");
    java.awt.geom.Rectangle2D c = face.canonical();
    double side = face.crop().getWidth();
    return embed(ImageBatch.of(java.util.List.of(face.crop())), new float[] {(float) (c.getMinY() / side),
        (float) (c.getMinX() / side), (float) (c.getMaxY() / side), (float) (c.getMaxX() / side)})[0];
  }

  private float[][] embed(ImageBatch batch, float[] boxes) {
    checkState(!closed.get(), "embed() called after close()");
    try (TFloat32 images = ImageTensors.of(batch);
        TFloat32 frames = TFloat32.tensorOf(Shape.of(batch.count(), 4), DataBuffers.of(boxes, true, false));
        Result result = session.runner().feed(input, images).feed(framing, frames).fetch(embeddings).run()) {
      TFloat32 out = (TFloat32) result.get(0);
      int n = (int) out.shape().get(0);
      int d = (int) out.shape().get(1);
      float[][] vectors = new float[n][d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          vectors[i][j] = out.getFloat(i, j);
        }
      }
      return vectors;
    } catch (RuntimeException e) {
      // TensorFlow's exceptions extend several JDK types (IllegalArgumentException, ...).
      throw new BackendException("Model '" + spec.name() + "' failed on a batch of " + batch.count()
          + " images of " + batch.width() + "x" + batch.height() + ": " + e.getMessage(), e);
    }
  }

  /** Releases the session and graph. Idempotent; blocks until running calls finish. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      session.close();
      graph.close();
    }
  }
}
