package dev.fawkes.bench.perf;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.Strategy;
import dev.fawkes.tf.cloak.internal.CloakGraph;
import dev.fawkes.tf.cloak.internal.CloakTuning;
import dev.fawkes.tf.cloak.internal.FaceBatch;
import dev.fawkes.tf.cloak.internal.FaceCrop;
import dev.fawkes.tf.model.FaceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.proto.RunOptions;

/**
 * The cloak's optimization loop on its own, for benchmarks: the graph that the cloaker builds for
 * one ensemble, crop size and batch size, with a batch of faces uploaded once and then stepped.
 * Untargeted, as the presets are: each face is pushed away from its own features. Faces are packed,
 * started and jittered exactly as in a cloak ({@link FaceBatch}), and a step is the same single
 * session call.
 *
 * <p>Not thread-safe. Holds a TensorFlow graph and session: close it.
 */
final class CloakLoop implements AutoCloseable {
  private final CloakGraph graph;
  private final CloakConfig config;
  private final CloakTuning tuning;
  private FaceBatch batch;

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
  static CloakLoop create(List<FaceModel> models, CloakConfig config, CloakTuning tuning, int cropSize, int batch,
      Compilation compilation) {
    checkArgument(config.strategy() == Strategy.UNTARGETED, "CloakLoop runs untargeted cloaks only");
    CloakGraph graph = CloakGraph.builder(models, cropSize, batch).strategy(Strategy.UNTARGETED).tuning(tuning)
        .threads(config.threads()).sessionOptions(compilation::applyTo).build();
    return new CloakLoop(graph, config, tuning);
  }

  /** Uploads up to a batch of faces (crops of the loop's size) and resets the optimizer. */
  void start(List<AlignedFace> faces) {
    List<FaceCrop> crops = new ArrayList<>();
    for (AlignedFace face : faces) {
      checkArgument(face.crop().getWidth() == graph.size(), "face crops must be %s px, not %s", graph.size(),
          face.crop().getWidth());
      crops.add(new FaceCrop(crops.size(), face));
    }
    batch = FaceBatch.of(crops, graph.batch(), config.seed(), tuning);
    List<float[]> own = graph.embed(batch);
    List<float[]> weights = new ArrayList<>();
    for (int k = 0; k < own.size(); k++) {
      float[] ones = new float[graph.batch()];
      Arrays.fill(ones, 1f);
      weights.add(ones);
    }
    graph.start(batch, own, weights);
  }

  /** One optimization step over the whole batch: forward, backward, the budget check and the update. */
  void step() {
    checkState(batch != null, "start() first");
    graph.step((float) config.dssimBudget(), (float) config.learningRate(), batch.jitteredFraming());
  }

  /** The arithmetic of one step, counted from the graph. */
  GraphFlops.Count flopsPerStep() {
    return GraphFlops.of(graph.stepOperations());
  }

  /**
   * Runs one traced step and returns the devices TensorFlow ran its kernels on, such as
   * "/job:localhost/replica:0/task:0/device:CPU:0": what was used, not what is there.
   */
  List<String> devices() {
    checkState(batch != null, "start() first");
    RunOptions options = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build();
    List<String> devices = new ArrayList<>();
    graph.tracedStep((float) config.dssimBudget(), (float) config.learningRate(), batch.jitteredFraming(), options)
        .getStepStats().getDevStatsList().forEach(d -> devices.add(d.getDevice()));
    return devices;
  }

  /** The faces per step. */
  int batch() {
    return graph.batch();
  }

  @Override
  public void close() {
    graph.close();
  }
}
