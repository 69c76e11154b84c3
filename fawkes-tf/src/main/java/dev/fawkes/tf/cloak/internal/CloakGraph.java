package dev.fawkes.tf.cloak.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.BackendException;
import dev.fawkes.Strategy;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.internal.ModelGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Min;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.math.Mean;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The cloak's optimization graph for one (ensemble, crop size, batch size), built once and run
 * many times. Not thread-safe: one batch at a time.
 *
 * <pre>
 * w (variable, tanh space)  ->  X = clip(X0 + rgb(caps * u))    cloaked crops in 0..1, [B,S,S,3]
 *   u = tanh(w) (interpolated from cells, put into the unit ball with joint caps): a change in
 *   Y, Cb, Cr bounded per pixel; without caps X = (tanh(w) + 1) / 2, bounded by the DSSIM only
 * for each model k:  E_k = model_k(X)                           unit embeddings [B,D_k]
 *   targeted:    f_k = s_k |E_k - T_k|^2  T_k: target identity's centroid
 *   untargeted:  f_k = -|E_k - E0_k|^2    E0_k: the face's own clean embedding
 *   (blurred copies: f_k averaged with the same term on blur(X))
 * feature = sum_k f_k                                           [B]     s_k: per-face weight
 * dssim = max of (1 - SSIM(X, X0)) / 2 over the face box, the whole crop (and the box's central half)
 * loss = sum_b feature_b + PENALTY * max(dssim_b - budget, 0)
 * step: Adam on w with the gradient optionally Gaussian-smoothed; per face, keep X as best if
 *       dssim &lt;= budget and feature &lt; best so far
 * </pre>
 *
 * <p>Everything a batch needs (originals, targets, Adam moments, best iterate) lives in graph
 * variables: {@link #start} uploads a batch once, {@link #step} is one session call that crosses
 * two scalars and the jittered framing, and {@link #best} fetches the result. {@link Builder#build}
 * assembles the graph in four named stages: inputs and state, forward pass, loss, optimizer step.
 */
public final class CloakGraph implements AutoCloseable {
  /** Weight of the DSSIM hinge: large, so that leaving the budget never pays. */
  static final float PENALTY = 1000f;
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  /** Keeps atanh finite for pixels at 0 or 1. */
  private static final float TANH_LIMIT = 1 - 1e-6f;

  private final int batch;
  private final int size;
  private final Graph graph;
  private final Session session;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Inputs in;
  private final List<Op> startOps;
  private final List<Op> stepOps;
  private final Operand<TFloat32> cloaked;
  private final List<Operand<TFloat32>> embeddings;
  private final Operand<TFloat32> bestRead;

  private CloakGraph(Assembly a, Session session) {
    this.batch = a.batch;
    this.size = a.size;
    this.graph = a.graph;
    this.session = session;
    this.in = a.in;
    this.startOps = List.copyOf(a.startOps);
    this.stepOps = List.copyOf(a.stepOps);
    this.cloaked = a.cloaked;
    this.embeddings = List.copyOf(a.embeddings);
    this.bestRead = a.bestRead;
  }

  /** A builder for the graph of {@code models} on crops of {@code size} px, {@code batch} faces at a time. */
  public static Builder builder(List<FaceModel> models, int size, int batch) {
    return new Builder(models, size, batch);
  }

  /** The faces per step. */
  public int batch() {
    return batch;
  }

  /** The side of the face crops, in pixels. */
  public int size() {
    return size;
  }

  /**
   * Uploads a batch and resets the optimizer: originals, start points, per model the target rows
   * (target centroid, or the face's own embedding for untargeted) and each face's weight of that
   * model's term, and where each face's canonical framing lies.
   */
  public void start(FaceBatch faces, List<float[]> targets, List<float[]> weights) {
    checkArgument(faces.slots() == batch && faces.size() == size, "a batch of %s slots of %s px is needed", batch, size);
    try (TFloat32 o = images(faces.originals()); TFloat32 s = images(faces.starts());
        TFloat32 f = framing(faces.framing());
        TFloat32 g = TFloat32.tensorOf(Shape.of(batch, 1, 1, 1), DataBuffers.of(faces.gray(), true, false))) {
      Session.Runner runner = session.runner().feed(in.original, o).feed(in.start, s).feed(in.framing, f)
          .feed(in.gray, g);
      List<Tensor> fed = new ArrayList<>();
      try {
        for (int k = 0; k < in.targets.size(); k++) {
          TFloat32 target = TFloat32.tensorOf(in.targets.get(k).shape(), DataBuffers.of(targets.get(k), true, false));
          fed.add(target);
          runner.feed(in.targets.get(k), target);
          TFloat32 weight = TFloat32.tensorOf(Shape.of(batch), DataBuffers.of(weights.get(k), true, false));
          fed.add(weight);
          runner.feed(in.weights.get(k), weight);
        }
        startOps.forEach(runner::addTarget);
        runner.run();
      } finally {
        fed.forEach(Tensor::close);
      }
    } catch (RuntimeException e) {
      throw backend("start", e);
    }
  }

  /**
   * One optimization step over the whole batch, the extractors reading each face's framing at
   * {@code stepFraming} (the uploaded framing, jittered).
   */
  public void step(float dssimBudget, float rate, float[] stepFraming) {
    try (TFloat32 b = TFloat32.scalarOf(dssimBudget); TFloat32 lr = TFloat32.scalarOf(rate);
        TFloat32 f = framing(stepFraming)) {
      stepRunner(b, lr, f).run();
    } catch (RuntimeException e) {
      throw backend("step", e);
    }
  }

  /** Runs one {@link #step} traced as {@code options} asks and returns what TensorFlow recorded. */
  public RunMetadata tracedStep(float dssimBudget, float rate, float[] stepFraming, RunOptions options) {
    try (TFloat32 b = TFloat32.scalarOf(dssimBudget); TFloat32 lr = TFloat32.scalarOf(rate);
        TFloat32 f = framing(stepFraming); Result r = stepRunner(b, lr, f).setOptions(options).runAndFetchMetadata()) {
      return r.getMetadata().orElse(RunMetadata.getDefaultInstance());
    } catch (RuntimeException e) {
      throw backend("step", e);
    }
  }

  /** The operations one {@link #step} runs as targets: what its session call must compute. */
  public List<GraphOperation> stepOperations() {
    return stepOps.stream().map(op -> (GraphOperation) op.op()).toList();
  }

  private Session.Runner stepRunner(TFloat32 b, TFloat32 lr, TFloat32 f) {
    Session.Runner runner = session.runner().feed(in.budget, b).feed(in.learningRate, lr).feed(in.framing, f);
    stepOps.forEach(runner::addTarget);
    return runner;
  }

  /** The best in-budget iterate of each face ([B,S,S,3] flattened); the original where none was. */
  public float[] best() {
    try (Result r = session.runner().fetch(bestRead).run()) {
      return read((TFloat32) r.get(0), batch * size * size * 3);
    } catch (RuntimeException e) {
      throw backend("best", e);
    }
  }

  /** Embeddings per model ([B*D_k] each) of a batch's originals; needs no uploaded batch. */
  public List<float[]> embed(FaceBatch faces) {
    try (TFloat32 x = images(faces.originals()); TFloat32 f = framing(faces.framing())) {
      Session.Runner runner = session.runner().feed(cloaked, x).feed(in.framing, f);
      embeddings.forEach(runner::fetch);
      try (Result r = runner.run()) {
        return readEmbeddings(r);
      }
    } catch (RuntimeException e) {
      throw backend("embed", e);
    }
  }

  private List<float[]> readEmbeddings(Result r) {
    List<float[]> e = new ArrayList<>();
    for (int k = 0; k < embeddings.size(); k++) {
      TFloat32 t = (TFloat32) r.get(k);
      e.add(read(t, (int) t.size()));
    }
    return e;
  }

  private TFloat32 framing(float[] values) {
    return TFloat32.tensorOf(Shape.of(batch, 4), DataBuffers.of(values, true, false));
  }

  private TFloat32 images(float[] values) {
    return TFloat32.tensorOf(Shape.of(batch, size, size, 3), DataBuffers.of(values, true, false));
  }

  private static float[] read(TFloat32 tensor, int n) {
    float[] out = new float[n];
    tensor.asRawTensor().data().asFloats().read(out);
    return out;
  }

  private BackendException backend(String what, RuntimeException e) {
    if (closed.get()) {
      return new BackendException("The cloaker was closed during " + what, e);
    }
    return new BackendException("TensorFlow failed in the cloak's " + what + " (batch " + batch + ", crop "
        + size + "px): " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      session.close();
      graph.close();
    }
  }

  /** Builds a {@link CloakGraph}; not thread-safe. */
  public static final class Builder {
    private final List<FaceModel> models;
    private final int size;
    private final int batch;
    private Strategy strategy = Strategy.UNTARGETED;
    private CloakTuning tuning = CloakTuning.PRESETS;
    private int threads;
    private Consumer<ConfigProto.Builder> sessionOptions = config -> { };

    private Builder(List<FaceModel> models, int size, int batch) {
      checkArgument(!models.isEmpty(), "at least one model is needed");
      checkArgument(size >= FaceCrop.MIN_SIZE, "size (%s) must be at least %s", size, FaceCrop.MIN_SIZE);
      checkArgument(batch >= 1, "batch (%s) must be at least 1", batch);
      this.models = List.copyOf(models);
      this.size = size;
      this.batch = batch;
    }

    /** Which way the feature term pushes (default untargeted). */
    public Builder strategy(Strategy value) {
      this.strategy = checkNotNull(value, "strategy");
      return this;
    }

    /** The transfer knobs (default {@link CloakTuning#PRESETS}). */
    public Builder tuning(CloakTuning value) {
      this.tuning = checkNotNull(value, "tuning");
      return this;
    }

    /** Compute threads; 0 (the default) for TensorFlow's choice. */
    public Builder threads(int value) {
      checkArgument(value >= 0, "threads (%s) must not be negative", value);
      this.threads = value;
      return this;
    }

    /** Further session settings, such as a compilation mode to measure (default none). */
    public Builder sessionOptions(Consumer<ConfigProto.Builder> value) {
      this.sessionOptions = checkNotNull(value, "sessionOptions");
      return this;
    }

    /** Assembles the graph and opens its session. */
    public CloakGraph build() {
      Assembly a = new Assembly(this);
      try {
        a.inputsAndState();
        a.forward();
        a.loss();
        a.optimizerStep();
        ConfigProto.Builder config = ConfigProto.newBuilder();
        if (threads > 0) {
          config.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(Math.min(threads, 2));
        }
        sessionOptions.accept(config);
        return new CloakGraph(a, new Session(a.graph, config.build()));
      } catch (RuntimeException e) {
        a.graph.close();
        throw e;
      }
    }
  }

  /** What {@link #step} and {@link #start} feed. */
  private record Inputs(Placeholder<TFloat32> original, Placeholder<TFloat32> start, Placeholder<TFloat32> framing,
      Placeholder<TFloat32> gray, Placeholder<TFloat32> budget, Placeholder<TFloat32> learningRate, List<Placeholder<TFloat32>> targets,
      List<Placeholder<TFloat32>> weights) {}

  /** The graph under construction: each method adds one stage and leaves its handles in fields. */
  private static final class Assembly {
    final List<FaceModel> models;
    final int size;
    final int batch;
    final Strategy strategy;
    final CloakTuning tuning;
    final Graph graph = new Graph();
    final Ops tf = Ops.create(graph);
    final Shape images;
    /** The shape of w: the crops, or with cells the grid of cells. */
    final Shape cloakShape;
    /** Scales blur sigmas so that they mean the same whatever the crop size. */
    final double pixelScale;
    final List<Op> startOps = new ArrayList<>();
    final List<Op> stepOps = new ArrayList<>();
    final List<Operand<TFloat32>> embeddings = new ArrayList<>();
    Inputs in;
    Variable original;
    Variable w;
    Variable best;
    Variable bestScore;
    Variable faceBox;
    /** Per face, 1 for a gray face: set by {@link CloakGraph#start}, read by every step. */
    Variable grayMask;
    Variable referenceMean;
    Variable referenceSquares;
    Operand<TFloat32> wRead;
    Operand<TFloat32> cloaked;
    Operand<TFloat32> feature;
    Operand<TFloat32> dssim;
    Operand<TFloat32> excess;
    Operand<TFloat32> bestRead;

    Assembly(Builder b) {
      this.models = b.models;
      this.size = b.size;
      this.batch = b.batch;
      this.strategy = b.strategy;
      this.tuning = b.tuning;
      this.images = Shape.of(batch, size, size, 3);
      this.pixelScale = size / 112.0;
      this.cloakShape = tuning.capped() && tuning.cell() > 0 ? Shape.of(batch, grid(), grid(), 3) : images;
    }

    /** Cells per side: the crop at the models' scale, divided into cells of {@code cell} px. */
    private int grid() {
      return Math.max(2, (int) Math.round(size / (tuning.cell() * pixelScale)));
    }

    /** Placeholders, the per-batch state, and the start ops that upload a batch. */
    void inputsAndState() {
      List<Placeholder<TFloat32>> targetIn = new ArrayList<>();
      List<Placeholder<TFloat32>> weightIn = new ArrayList<>();
      in = new Inputs(placeholder("original_in", images), placeholder("start_in", images),
          placeholder("framing", Shape.of(batch, 4)), placeholder("gray_in", Shape.of(batch, 1, 1, 1)),
          placeholder("budget", Shape.scalar()),
          placeholder("learning_rate", Shape.scalar()), targetIn, weightIn);
      original = new Variable(tf, "original", images);
      w = new Variable(tf, "w", cloakShape);
      best = new Variable(tf, "best", images);
      bestScore = new Variable(tf, "best_score", Shape.of(batch));
      faceBox = new Variable(tf, "face_box", Shape.of(batch, 4));
      // SSIM's statistics of the originals: computed once per batch, not in every step.
      referenceMean = new Variable(tf, "reference_mean", images);
      referenceSquares = new Variable(tf, "reference_squares", images);
      Ssim.Reference fromInput = Ssim.reference(tf, in.original());
      startOps.add(original.assign(tf, in.original()));
      startOps.add(referenceMean.assign(tf, fromInput.mean()));
      startOps.add(referenceSquares.assign(tf, fromInput.meanOfSquares()));
      startOps.add(best.assign(tf, in.original()));
      startOps.add(faceBox.assign(tf, in.framing()));
      grayMask = new Variable(tf, "gray", Shape.of(batch, 1, 1, 1));
      startOps.add(grayMask.assign(tf, in.gray()));
      startOps.add(bestScore.assign(tf, tf.fill(tf.constant(new int[] {batch}), tf.constant(Float.MAX_VALUE))));
      wRead = w.read(tf);
      // X can also be fed directly (clean or final images) to read embeddings.
      cloaked = tf.withName("cloaked").identity(tuning.capped() ? cappedPixels(fromInput) : unboundedPixels());
    }

    /** X = (tanh(w) + 1) / 2: every pixel free in 0..1, only the DSSIM budget limits the change. */
    private Operand<TFloat32> unboundedPixels() {
      Operand<TFloat32> clipped = tf.clipByValue(tf.math.sub(tf.math.mul(in.start(), tf.constant(2f)), tf.constant(1f)),
          tf.constant(-TANH_LIMIT), tf.constant(TANH_LIMIT));
      startOps.add(w.assign(tf, tf.math.atanh(clipped)));
      Operand<TFloat32> x = tf.math.mul(tf.math.add(tf.math.tanh(wRead), tf.constant(1f)), tf.constant(0.5f));
      // A gray face is cloaked in gray: its channels are replaced by their mean.
      Operand<TFloat32> mean = tf.math.mean(x, tf.constant(3), Mean.keepDims(true));
      return tf.math.add(x, tf.math.mul(grayMask.read(tf), tf.math.sub(mean, x)));
    }

    /**
     * X = clip(X0 + rgb(caps * tanh(w))): w is the change in Y, Cb and Cr, each bounded per pixel by its
     * cap, so that no pixel moves more than the caps allow and colour moves less than brightness.
     * With texture masking the caps follow the face's local contrast.
     */
    private Operand<TFloat32> cappedPixels(Ssim.Reference statistics) {
      Variable caps = new Variable(tf, "caps", images);
      Operand<TFloat32> perChannel = tf.reshape(tf.constant(new float[] {(float) (tuning.lumaCap() / 255),
          (float) (tuning.chromaCap() / 255), (float) (tuning.chromaCap() / 255)}), tf.constant(new int[] {1, 1, 1, 3}));
      Operand<TFloat32> capValues = tf.math.mul(tf.onesLike(in.original()), perChannel);
      // A gray face gets no chroma room: its change is (Y, Y, Y), and the face stays gray.
      Operand<TFloat32> colour = tf.math.sub(tf.constant(1f), tf.math.mul(in.gray(),
          tf.reshape(tf.constant(new float[] {0f, 1f, 1f}), tf.constant(new int[] {1, 1, 1, 3}))));
      capValues = tf.math.mul(capValues, colour);
      if (tuning.textureMasking()) {
        // Local contrast: the standard deviation in SSIM's window, averaged over R, G and B; 0.03 (about
        // 8 levels) keeps the caps as set, flat skin halves them and texture doubles them.
        Operand<TFloat32> variance = tf.math.maximum(tf.math.sub(statistics.meanOfSquares(),
            tf.math.square(statistics.mean())), tf.constant(0f));
        Operand<TFloat32> contrast = tf.math.mean(tf.math.sqrt(variance), tf.constant(3), Mean.keepDims(true));
        Operand<TFloat32> mask = tf.clipByValue(tf.math.div(contrast, tf.constant(0.03f)), tf.constant(0.5f),
            tf.constant(2f));
        capValues = tf.math.mul(capValues, mask);
      }
      // No pixel may need clipping at 0 or 1: a clipped brightness change turns into a colour change.
      // The largest R, G or B change the caps allow is Y + 1.772 C (blue), so they shrink where the
      // face is that close to black or white.
      Operand<TFloat32> reach = tf.reduceSum(tf.math.mul(capValues, tf.reshape(tf.constant(new float[] {1f, 1.772f, 0f}),
          tf.constant(new int[] {1, 1, 1, 3}))), tf.constant(3), ReduceSum.keepDims(true));
      Operand<TFloat32> headroom = tf.min(tf.math.minimum(in.original(), tf.math.sub(tf.constant(1f), in.original())),
          tf.constant(3), Min.keepDims(true));
      Operand<TFloat32> shrink = tf.math.minimum(tf.constant(1f),
          tf.math.div(headroom, tf.math.maximum(reach, tf.constant(1e-6f))));
      capValues = tf.math.mul(capValues, shrink);
      startOps.add(caps.assign(tf, capValues));
      Operand<TFloat32> startChange = toYcc(tf.math.sub(in.start(), in.original()));
      Operand<TFloat32> ratio = tf.math.div(startChange, tf.math.maximum(capValues, tf.constant(1e-6f)));
      Operand<TFloat32> unit = tf.math.tanh(wRead);
      if (tuning.cell() > 0) {
        // The start offset averaged into its cells, and the cells interpolated back to the crop:
        // bilinear weights are convex, so the caps still bound every pixel.
        Operand<TInt32> gridSize = tf.constant(new int[] {(int) cloakShape.get(1), (int) cloakShape.get(2)});
        ratio = tf.image.resizeArea(ratio, gridSize);
        unit = tf.image.resizeBilinear(unit, tf.constant(new int[] {size, size}), ResizeBilinear.halfPixelCenters(true));
      }
      if (tuning.jointCaps()) {
        // Into the unit ball: the caps become the semi-axes of an ellipsoid in Y, Cb, Cr.
        Operand<TFloat32> norm = tf.math.sqrt(tf.math.add(tf.reduceSum(tf.math.square(unit), tf.constant(3),
            ReduceSum.keepDims(true)), tf.constant(1e-12f)));
        unit = tf.math.div(unit, tf.math.maximum(norm, tf.constant(1f)));
      }
      startOps.add(w.assign(tf, tf.math.atanh(tf.clipByValue(ratio, tf.constant(-TANH_LIMIT), tf.constant(TANH_LIMIT)))));
      Operand<TFloat32> change = toRgb(tf.math.mul(caps.read(tf), unit));
      return tf.clipByValue(tf.math.add(original.read(tf), change), tf.constant(0f), tf.constant(1f));
    }

    /** RGB changes to BT.601 Y, Cb, Cr changes, per pixel. */
    private Operand<TFloat32> toYcc(Operand<TFloat32> rgb) {
      return mix(rgb, new float[][] {{0.299f, -0.168736f, 0.5f}, {0.587f, -0.331264f, -0.418688f},
          {0.114f, 0.5f, -0.081312f}});
    }

    /** BT.601 Y, Cb, Cr changes to RGB changes, per pixel. */
    private Operand<TFloat32> toRgb(Operand<TFloat32> ycc) {
      return mix(ycc, new float[][] {{1f, 1f, 1f}, {0f, -0.344136f, 1.772f}, {1.402f, -0.714136f, 0f}});
    }

    /** Each pixel's 3 channels times a 3x3 matrix (row vector on the left). */
    private Operand<TFloat32> mix(Operand<TFloat32> image, float[][] matrix) {
      Operand<TFloat32> rows = tf.reshape(image, tf.constant(new int[] {-1, 3}));
      return tf.reshape(tf.linalg.matMul(rows, tf.constant(matrix)), tf.constant(new int[] {batch, size, size, 3}));
    }

    /** Each model's embeddings of X (and of its blurred copy) and the feature term per face. */
    void forward() {
      Operand<TFloat32> blurred = tuning.blurredCopies() ? Ssim.gaussianBlur(tf, cloaked, pixelScale) : null;
      Operand<TFloat32> modelInput = cloaked;
      Operand<TFloat32> modelFraming = in.framing();
      if (blurred != null) {
        // Sharp and blurred faces go through each model as one batch of 2B: the same loss as two
        // passes, with half the kernel launches, which dominate at small batches.
        modelInput = tf.concat(List.of(cloaked, blurred), tf.constant(0));
        modelFraming = tf.concat(List.of(in.framing(), in.framing()), tf.constant(0));
      }
      Operand<TFloat32> featureSum = null;
      for (int k = 0; k < models.size(); k++) {
        Operand<TFloat32> all = ModelGraph.of(models.get(k)).embeddings(tf, modelInput, modelFraming);
        Operand<TFloat32> e = blurred == null ? all : rows(all, 0);
        embeddings.add(e);
        long dim = e.shape().get(1);
        Placeholder<TFloat32> targetIn = placeholder("target_in_" + k, Shape.of(batch, dim));
        Placeholder<TFloat32> weightIn = placeholder("weight_in_" + k, Shape.of(batch));
        in.targets().add(targetIn);
        in.weights().add(weightIn);
        Variable target = new Variable(tf, "target_" + k, Shape.of(batch, dim));
        Variable weight = new Variable(tf, "weight_" + k, Shape.of(batch));
        startOps.add(target.assign(tf, targetIn));
        startOps.add(weight.assign(tf, weightIn));
        Operand<TFloat32> distance = distance(e, target.read(tf));
        if (blurred != null) {
          distance = tf.math.mul(tf.math.add(distance, distance(rows(all, batch), target.read(tf))), tf.constant(0.5f));
        }
        distance = tf.math.mul(distance, weight.read(tf));
        Operand<TFloat32> f = strategy == Strategy.TARGETED ? distance : tf.math.neg(distance);
        featureSum = featureSum == null ? f : tf.math.add(featureSum, f);
      }
      feature = tf.withName("feature").identity(featureSum);
    }

    /**
     * The budget term. It holds on the face (the canonical framing, as uploaded, unjittered), where
     * the cloak concentrates, and on the whole crop, so that the margin around it stays clean too.
     */
    void loss() {
      Ssim.Reference reference = new Ssim.Reference(referenceMean.read(tf), referenceSquares.read(tf));
      dssim = tf.withName("dssim").identity(Ssim.dssim(tf, cloaked, original.read(tf), reference, faceBox.read(tf), size,
          tuning.worstRegion()));
      excess = tf.nn.relu(tf.math.sub(dssim, in.budget()));
    }

    /** Remembers the best in-budget iterate, then one Adam update of w. */
    void optimizerStep() {
      Operand<TFloat32> g = gradient();
      Operand<TFloat32> bestScoreRead = bestScore.read(tf);
      Operand<TBool> improved = tf.math.logicalAnd(tf.math.lessEqual(dssim, in.budget()),
          tf.math.less(feature, bestScoreRead));
      // SelectV2 broadcasts: the per-face condition becomes [B,1,1,1].
      Operand<TBool> improvedImages = tf.reshape(improved, tf.constant(new int[] {batch, 1, 1, 1}));
      stepOps.add(best.assign(tf, tf.select(improvedImages, cloaked, best.read(tf))));
      stepOps.add(bestScore.assign(tf, tf.select(improved, feature, bestScoreRead)));
      bestRead = best.read(tf);

      Variable m = new Variable(tf, "adam_m", cloakShape);
      Variable v = new Variable(tf, "adam_v", cloakShape);
      Variable t = new Variable(tf, "adam_t", Shape.scalar());
      startOps.add(m.assign(tf, tf.zerosLike(wRead)));
      startOps.add(v.assign(tf, tf.zerosLike(wRead)));
      startOps.add(t.assign(tf, tf.constant(0f)));
      Operand<TFloat32> tNext = tf.math.add(t.read(tf), tf.constant(1f));
      Operand<TFloat32> mNext = tf.math.add(tf.math.mul(tf.constant(BETA1), m.read(tf)), tf.math.mul(tf.constant(1 - BETA1), g));
      Operand<TFloat32> vNext = tf.math.add(tf.math.mul(tf.constant(BETA2), v.read(tf)),
          tf.math.mul(tf.constant(1 - BETA2), tf.math.square(g)));
      Operand<TFloat32> mHat = tf.math.div(mNext, tf.math.sub(tf.constant(1f), tf.math.pow(tf.constant(BETA1), tNext)));
      Operand<TFloat32> vHat = tf.math.div(vNext, tf.math.sub(tf.constant(1f), tf.math.pow(tf.constant(BETA2), tNext)));
      Operand<TFloat32> update = tf.math.mul(in.learningRate(),
          tf.math.div(mHat, tf.math.add(tf.math.sqrt(vHat), tf.constant(EPSILON))));
      // The best iterate is read from X before w moves.
      Ops after = tf.withControlDependencies(new ArrayList<>(stepOps));
      stepOps.add(w.assign(after, tf.math.sub(wRead, update)));
      stepOps.add(m.assign(after, mNext));
      stepOps.add(v.assign(after, vNext));
      stepOps.add(t.assign(after, tNext));
    }

    /** The loss gradient with respect to w, its feature part optionally smoothed. */
    private Operand<TFloat32> gradient() {
      Operand<TFloat32> penalty = tf.math.mul(tf.constant(PENALTY), excess);
      if (tuning.gradientSigma() > 0) {
        // Smooth only the feature term's gradient: the budget's pull-back must stay sharp, or the
        // iterates leave the budget and no best iterate is ever recorded.
        double sigma = tuning.gradientSigma() * (cloakShape == images ? pixelScale : 1 / tuning.cell());
        return tf.math.add(Ssim.gaussianBlur(tf, gradientOf(feature), sigma), gradientOf(penalty));
      }
      return gradientOf(tf.math.add(feature, penalty));
    }

    private Operand<TFloat32> gradientOf(Operand<TFloat32> perFace) {
      Output<?> sum = tf.reduceSum(perFace, tf.constant(0)).asOutput();
      return graph.addGradients(sum, new Output<?>[] {wRead.asOutput()})[0].expect(TFloat32.class);
    }

    private Placeholder<TFloat32> placeholder(String name, Shape shape) {
      return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
    }

    /** Rows {@code from .. from + batch} of a [2B, D] embedding. */
    private Operand<TFloat32> rows(Operand<TFloat32> all, int from) {
      return tf.slice(all, tf.constant(new int[] {from, 0}), tf.constant(new int[] {batch, (int) all.shape().get(1)}));
    }

    private Operand<TFloat32> distance(Operand<TFloat32> a, Operand<TFloat32> b) {
      return tf.reduceSum(tf.math.square(tf.math.sub(a, b)), tf.constant(1), ReduceSum.keepDims(false));
    }
  }

  /** A float32 resource variable. */
  private static final class Variable {
    private final Operand<?> handle;

    Variable(Ops tf, String name, Shape shape) {
      this.handle = tf.withName(name).varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(name));
    }

    Operand<TFloat32> read(Ops tf) {
      return tf.readVariableOp(handle, TFloat32.class);
    }

    Op assign(Ops tf, Operand<TFloat32> value) {
      return tf.assignVariableOp(handle, value);
    }
  }
}
