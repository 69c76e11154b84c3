package dev.fawkes.tf.cloak;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.Strategy;
import dev.fawkes.tf.model.FaceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The cloak's optimization loop on its own, for benchmarks and experiments: the graph that
 * {@link TfCloaker} builds for one ensemble, crop size and batch size, with a batch of faces uploaded
 * once and then stepped. Untargeted, as the presets are: each face is pushed away from its own
 * features. The loop runs exactly what a cloak runs per step (one session call over the batch).
 *
 * <p>Not thread-safe. Holds a TensorFlow graph and session: close it.
 */
public final class CloakLoop implements AutoCloseable {
  private final CloakGraph graph;
  private final CloakConfig config;
  private final CloakTuning tuning;
  private float[] framing;
  private final List<Random> jitter = new ArrayList<>();
  private float[] jittered;

  private CloakLoop(CloakGraph graph, CloakConfig config, CloakTuning tuning) {
    this.graph = graph;
    this.config = config;
    this.tuning = tuning;
  }

  /**
   * Builds the loop's graph.
   *
   * @param config the budget, learning rate, seed and threads; its strategy must be untargeted
   * @param cropSize the side of the face crops, in pixels
   * @param batch faces per step
   * @param compilation how TensorFlow compiles the graph; the cloaker uses {@link Compilation#DEFAULT}
   */
  public static CloakLoop create(List<FaceModel> models, CloakConfig config, CloakTuning tuning, int cropSize,
      int batch, Compilation compilation) {
    checkArgument(!models.isEmpty(), "at least one model is needed");
    checkArgument(config.strategy() == Strategy.UNTARGETED, "CloakLoop runs untargeted cloaks only");
    checkArgument(cropSize >= 32 && batch >= 1, "cropSize (%s) must be at least 32 and batch (%s) at least 1", cropSize, batch);
    return new CloakLoop(new CloakGraph(models, cropSize, batch, Strategy.UNTARGETED, tuning, config.threads(), compilation),
        config, tuning);
  }

  /** Uploads up to a batch of faces (crops of the loop's size) and resets the optimizer. */
  public void start(List<AlignedFace> faces) {
    int batch = graph.batch();
    int size = graph.size();
    checkArgument(!faces.isEmpty() && faces.size() <= batch, "1 to %s faces, not %s", batch, faces.size());
    for (AlignedFace face : faces) {
      checkArgument(face.crop().getWidth() == size, "face crops must be %s px, not %s", size, face.crop().getWidth());
    }
    int pixels = size * size * 3;
    float[] originals = new float[batch * pixels];
    float[] starts = new float[batch * pixels];
    framing = new float[batch * 4];
    Random random = new Random(config.seed());
    jitter.clear();
    for (int slot = 0; slot < batch; slot++) {
      AlignedFace face = faces.get(Math.min(slot, faces.size() - 1));
      float[] p = FacePaster.toFloats(face.crop());
      System.arraycopy(p, 0, originals, slot * pixels, pixels);
      for (int i = 0; i < pixels; i++) {
        starts[slot * pixels + i] = Math.min(1f, Math.max(0f, p[i] + (random.nextFloat() * 2 - 1) * TfCloaker.START_NOISE));
      }
      System.arraycopy(TfCloaker.framing(face), 0, framing, slot * 4, 4);
      jitter.add(new Random(config.seed() + slot));
    }
    jittered = new float[framing.length];
    List<float[]> own = graph.embed(originals, framing);
    List<float[]> weights = new ArrayList<>();
    for (int k = 0; k < own.size(); k++) {
      float[] ones = new float[batch];
      Arrays.fill(ones, 1f);
      weights.add(ones);
    }
    graph.start(originals, starts, own, weights, framing);
  }

  /** One optimization step over the whole batch: forward, backward, the budget check and the update. */
  public void step() {
    checkState(framing != null, "start() first");
    for (int slot = 0; slot < graph.batch(); slot++) {
      TfCloaker.jitter(framing, jittered, slot, jitter.get(slot), tuning.framingJitter());
    }
    graph.step((float) config.dssimBudget(), (float) config.learningRate(), jittered);
  }

  /** Floating-point operations of one step in convolutions and matrix products, counted from the graph. */
  public long matrixFlopsPerStep() {
    return graph.stepFlops().matrix();
  }

  /** Floating-point operations of one step in every other op, one per output element. */
  public long elementwiseFlopsPerStep() {
    return graph.stepFlops().elementwise();
  }

  /** Runs one traced step and returns the TensorFlow devices its kernels ran on. */
  public List<String> devices() {
    checkState(framing != null, "start() first");
    return graph.traceDevices((float) config.dssimBudget(), (float) config.learningRate(), framing);
  }

  /** The faces per step. */
  public int batch() {
    return graph.batch();
  }

  @Override
  public void close() {
    graph.close();
  }
}
