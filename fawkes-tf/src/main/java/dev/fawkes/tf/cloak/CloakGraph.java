package dev.fawkes.tf.cloak;

import dev.fawkes.BackendException;
import dev.fawkes.Strategy;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.internal.ModelGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The cloak's optimization graph for one (ensemble, crop size, batch size), built once and run
 * many times. Not thread-safe: one batch at a time.
 *
 * <pre>
 * w (variable, tanh space)  ->  X = (tanh(w) + 1) / 2          cloaked crops in 0..1, [B,S,S,3]
 * for each model k:  E_k = model_k(X)                           unit embeddings [B,D_k]
 *   targeted:    f_k = s_k |E_k - T_k|^2  T_k: target identity's centroid
 *   untargeted:  f_k = -|E_k - E0_k|^2    E0_k: the face's own clean embedding
 *   (blurred copies: f_k averaged with the same term on blur(X))
 * feature = sum_k f_k                                           [B]     s_k: per-face weight
 * dssim = max of (1 - SSIM(X, X0)) / 2 over the face box and over the whole crop   [B]
 * loss = sum_b feature_b + PENALTY * max(dssim_b - budget, 0)
 * step: Adam on w with the gradient optionally Gaussian-smoothed; per face, keep X as best if
 *       dssim <= budget and feature < best so far
 * </pre>
 *
 * <p>Everything a batch needs (originals, targets, Adam moments, best iterate) lives in graph
 * variables: {@link #start} uploads a batch once, {@link #step} is one session call that crosses
 * two scalars, and {@link #best} fetches the result.
 */
final class CloakGraph implements AutoCloseable {
  /** Weight of the DSSIM hinge: large, so that leaving the budget never pays. */
  static final float PENALTY = 1000f;
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  /** Keeps atanh finite for pixels at 0 or 1. */
  private static final float TANH_LIMIT = 1 - 1e-6f;

  private final int batch;
  private final int size;
  private final List<FaceModel> models;
  private final Graph graph = new Graph();
  private final Session session;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final Placeholder<TFloat32> originalIn;
  private final Placeholder<TFloat32> startIn;
  private final List<Placeholder<TFloat32>> targetIn = new ArrayList<>();
  private final List<Placeholder<TFloat32>> weightIn = new ArrayList<>();
  /** Per face, where its canonical framing lies: [top, left, bottom, right] as fractions, [B,4]. */
  private final Placeholder<TFloat32> framing;
  private float[] currentFraming;
  private final Placeholder<TFloat32> budget;
  private final Placeholder<TFloat32> learningRate;
  private final List<Op> startOps = new ArrayList<>();
  private final List<Op> stepOps = new ArrayList<>();
  private final Operand<TFloat32> cloaked;
  private final List<Operand<TFloat32>> embeddings = new ArrayList<>();
  private final Operand<TFloat32> dssim;
  private final Operand<TFloat32> feature;
  private final Operand<TFloat32> bestRead;

  CloakGraph(List<FaceModel> models, int size, int batch, Strategy strategy, CloakTuning tuning, int threads) {
    this(models, size, batch, strategy, tuning, threads, Compilation.DEFAULT);
  }

  /** As above, with the graph compiled as {@code compilation} says. */
  CloakGraph(List<FaceModel> models, int size, int batch, Strategy strategy, CloakTuning tuning, int threads,
      Compilation compilation) {
    this.models = List.copyOf(models);
    this.size = size;
    this.batch = batch;
    try {
      Ops tf = Ops.create(graph);
      Shape images = Shape.of(batch, size, size, 3);
      originalIn = tf.withName("original_in").placeholder(TFloat32.class, Placeholder.shape(images));
      startIn = tf.withName("start_in").placeholder(TFloat32.class, Placeholder.shape(images));
      framing = tf.withName("framing").placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, 4)));
      budget = tf.withName("budget").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

      Variable original = new Variable(tf, "original", images);
      Variable w = new Variable(tf, "w", images);
      Variable m = new Variable(tf, "adam_m", images);
      Variable v = new Variable(tf, "adam_v", images);
      Variable t = new Variable(tf, "adam_t", Shape.scalar());
      Variable best = new Variable(tf, "best", images);
      Variable bestScore = new Variable(tf, "best_score", Shape.of(batch));
      Variable faceBox = new Variable(tf, "face_box", Shape.of(batch, 4));
      // SSIM's statistics of the originals: computed once per batch, not in every step.
      Variable referenceMean = new Variable(tf, "reference_mean", images);
      Variable referenceSquares = new Variable(tf, "reference_squares", images);
      List<Variable> targets = new ArrayList<>();

      // start: upload a batch and reset the optimizer.
      Operand<TFloat32> clipped = tf.clipByValue(tf.math.sub(tf.math.mul(startIn, tf.constant(2f)), tf.constant(1f)),
          tf.constant(-TANH_LIMIT), tf.constant(TANH_LIMIT));
      startOps.add(original.assign(tf, originalIn));
      Ssim.Reference fromInput = Ssim.reference(tf, originalIn);
      startOps.add(referenceMean.assign(tf, fromInput.mean()));
      startOps.add(referenceSquares.assign(tf, fromInput.meanOfSquares()));
      startOps.add(w.assign(tf, tf.math.atanh(clipped)));
      startOps.add(m.assign(tf, tf.zerosLike(originalIn)));
      startOps.add(v.assign(tf, tf.zerosLike(originalIn)));
      startOps.add(t.assign(tf, tf.constant(0f)));
      startOps.add(best.assign(tf, originalIn));
      startOps.add(faceBox.assign(tf, framing));
      startOps.add(bestScore.assign(tf, tf.fill(tf.constant(new int[] {batch}), tf.constant(Float.MAX_VALUE))));

      // The forward pass. X can also be fed directly (clean or final images) to read embeddings.
      Operand<TFloat32> wRead = w.read(tf);
      cloaked = tf.withName("cloaked").identity(tf.math.mul(tf.math.add(tf.math.tanh(wRead), tf.constant(1f)), tf.constant(0.5f)));
      Operand<TFloat32> originalRead = original.read(tf);
      // Scaled so that sigma means the same whatever the crop size.
      double pixelScale = size / 112.0;
      Operand<TFloat32> blurred = tuning.blurredCopies() ? Ssim.gaussianBlur(tf, cloaked, pixelScale) : null;
      Operand<TFloat32> modelInput = cloaked;
      Operand<TFloat32> modelFraming = framing;
      if (blurred != null) {
        // Sharp and blurred faces go through each model as one batch of 2B: the same loss as two
        // passes, with half the kernel launches, which dominate at small batches.
        modelInput = tf.concat(List.of(cloaked, blurred), tf.constant(0));
        modelFraming = tf.concat(List.of(framing, framing), tf.constant(0));
      }
      Operand<TFloat32> featureSum = null;
      for (int k = 0; k < models.size(); k++) {
        Operand<TFloat32> all = ModelGraph.of(models.get(k)).embeddings(tf, modelInput, modelFraming);
        Operand<TFloat32> e = blurred == null ? all : rows(tf, all, 0);
        embeddings.add(e);
        long dim = e.shape().size(1);
        Placeholder<TFloat32> in = tf.withName("target_in_" + k).placeholder(TFloat32.class, Placeholder.shape(Shape.of(batch, dim)));
        targetIn.add(in);
        Placeholder<TFloat32> weightPlaceholder = tf.withName("weight_in_" + k).placeholder(TFloat32.class,
            Placeholder.shape(Shape.of(batch)));
        weightIn.add(weightPlaceholder);
        Variable target = new Variable(tf, "target_" + k, Shape.of(batch, dim));
        Variable weight = new Variable(tf, "weight_" + k, Shape.of(batch));
        targets.add(target);
        startOps.add(target.assign(tf, in));
        startOps.add(weight.assign(tf, weightPlaceholder));
        Operand<TFloat32> distance = distance(tf, e, target.read(tf));
        if (blurred != null) {
          Operand<TFloat32> eBlurred = rows(tf, all, batch);
          distance = tf.math.mul(tf.math.add(distance, distance(tf, eBlurred, target.read(tf))), tf.constant(0.5f));
        }
        distance = tf.math.mul(distance, weight.read(tf));
        Operand<TFloat32> f = strategy == Strategy.TARGETED ? distance : tf.math.neg(distance);
        featureSum = featureSum == null ? f : tf.math.add(featureSum, f);
      }
      feature = tf.withName("feature").identity(featureSum);
      // The budget holds on the face (the canonical framing, as uploaded, unjittered), where the
      // cloak concentrates, and on the whole crop, so that the margin around it stays clean too.
      Ssim.Reference reference = new Ssim.Reference(referenceMean.read(tf), referenceSquares.read(tf));
      dssim = tf.withName("dssim").identity(Ssim.dssim(tf, cloaked, originalRead, reference, faceBox.read(tf), size));
      Operand<TFloat32> excess = tf.nn.relu(tf.math.sub(dssim, budget));
      Operand<TFloat32> g;
      if (tuning.gradientSigma() > 0) {
        // Smooth only the feature term's gradient: the budget's pull-back must stay sharp, or the
        // iterates leave the budget and no best iterate is ever recorded.
        Output<?> featureGradient = graph.addGradients(tf.reduceSum(feature, tf.constant(0)).asOutput(),
            new Output<?>[] {wRead.asOutput()})[0];
        Output<?> penaltyGradient = graph.addGradients(
            tf.reduceSum(tf.math.mul(tf.constant(PENALTY), excess), tf.constant(0)).asOutput(),
            new Output<?>[] {wRead.asOutput()})[0];
        g = tf.math.add(Ssim.gaussianBlur(tf, featureGradient.expect(TFloat32.class), tuning.gradientSigma() * pixelScale),
            penaltyGradient.expect(TFloat32.class));
      } else {
        Operand<TFloat32> loss = tf.reduceSum(tf.math.add(feature, tf.math.mul(tf.constant(PENALTY), excess)),
            tf.constant(0));
        g = graph.addGradients(loss.asOutput(), new Output<?>[] {wRead.asOutput()})[0].expect(TFloat32.class);
      }

      // step: remember the best in-budget iterate, then one Adam update.
      Operand<TFloat32> bestScoreRead = bestScore.read(tf);
      Operand<org.tensorflow.types.TBool> improved = tf.math.logicalAnd(tf.math.lessEqual(dssim, budget),
          tf.math.less(feature, bestScoreRead));
      // SelectV2 broadcasts: the per-face condition becomes [B,1,1,1].
      Operand<org.tensorflow.types.TBool> improvedImages = tf.reshape(improved, tf.constant(new int[] {batch, 1, 1, 1}));
      stepOps.add(best.assign(tf, tf.select(improvedImages, cloaked, best.read(tf))));
      stepOps.add(bestScore.assign(tf, tf.select(improved, feature, bestScoreRead)));
      Operand<TFloat32> tNext = tf.math.add(t.read(tf), tf.constant(1f));
      Operand<TFloat32> mNext = tf.math.add(tf.math.mul(tf.constant(BETA1), m.read(tf)), tf.math.mul(tf.constant(1 - BETA1), g));
      Operand<TFloat32> vNext = tf.math.add(tf.math.mul(tf.constant(BETA2), v.read(tf)),
          tf.math.mul(tf.constant(1 - BETA2), tf.math.square(g)));
      Operand<TFloat32> mHat = tf.math.div(mNext, tf.math.sub(tf.constant(1f), tf.math.pow(tf.constant(BETA1), tNext)));
      Operand<TFloat32> vHat = tf.math.div(vNext, tf.math.sub(tf.constant(1f), tf.math.pow(tf.constant(BETA2), tNext)));
      Operand<TFloat32> update = tf.math.mul(learningRate, tf.math.div(mHat, tf.math.add(tf.math.sqrt(vHat), tf.constant(EPSILON))));
      // The best iterate is read from X before w moves.
      Ops after = tf.withControlDependencies(new ArrayList<>(stepOps));
      stepOps.add(w.assign(after, tf.math.sub(wRead, update)));
      stepOps.add(m.assign(after, mNext));
      stepOps.add(v.assign(after, vNext));
      stepOps.add(t.assign(after, tNext));
      bestRead = best.read(tf);

      ConfigProto.Builder config = ConfigProto.newBuilder();
      if (threads > 0) {
        config.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(Math.min(threads, 2));
      }
      compilation.applyTo(config);
      session = new Session(graph, config.build());
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  int batch() {
    return batch;
  }

  int size() {
    return size;
  }

  List<FaceModel> models() {
    return models;
  }

  /**
   * Uploads a batch: originals, start points (originals plus a small offset), per model the target
   * rows (target centroid, or the face's own embedding for untargeted) and each face's weight of
   * that model's term, and where each face's canonical framing lies ([top, left, bottom, right]
   * fractions per face).
   */
  void start(float[] originals, float[] starts, List<float[]> targets, List<float[]> weights, float[] faceFraming) {
    currentFraming = faceFraming.clone();
    try (TFloat32 o = images(originals); TFloat32 s = images(starts); TFloat32 f = framing(currentFraming)) {
      Session.Runner runner = session.runner().feed(originalIn, o).feed(startIn, s).feed(framing, f);
      List<Tensor> fed = new ArrayList<>();
      try {
        for (int k = 0; k < targetIn.size(); k++) {
          TFloat32 tensor = TFloat32.tensorOf(targetIn.get(k).shape(), DataBuffers.of(targets.get(k), true, false));
          fed.add(tensor);
          runner.feed(targetIn.get(k), tensor);
          TFloat32 w = TFloat32.tensorOf(Shape.of(batch), DataBuffers.of(weights.get(k), true, false));
          fed.add(w);
          runner.feed(weightIn.get(k), w);
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
  void step(float dssimBudget, float rate, float[] stepFraming) {
    try (TFloat32 b = TFloat32.scalarOf(dssimBudget); TFloat32 lr = TFloat32.scalarOf(rate);
        TFloat32 f = framing(stepFraming)) {
      Session.Runner runner = session.runner().feed(budget, b).feed(learningRate, lr).feed(framing, f);
      stepOps.forEach(runner::addTarget);
      runner.run();
    } catch (RuntimeException e) {
      throw backend("step", e);
    }
  }

  /** The arithmetic of one {@link #step}: what its session call must compute, counted from the graph. */
  GraphFlops.Count stepFlops() {
    List<org.tensorflow.Operation> targets = new ArrayList<>();
    stepOps.forEach(op -> targets.add(op.op()));
    return GraphFlops.of(targets);
  }

  /**
   * Runs one traced step and returns the devices TensorFlow ran its kernels on, such as
   * "/job:localhost/replica:0/task:0/device:CPU:0": what was used, not what is there.
   */
  List<String> traceDevices(float dssimBudget, float rate, float[] stepFraming) {
    org.tensorflow.proto.RunOptions options = org.tensorflow.proto.RunOptions.newBuilder()
        .setTraceLevel(org.tensorflow.proto.RunOptions.TraceLevel.SOFTWARE_TRACE).build();
    try (TFloat32 b = TFloat32.scalarOf(dssimBudget); TFloat32 lr = TFloat32.scalarOf(rate);
        TFloat32 f = framing(stepFraming)) {
      Session.Runner runner = session.runner().feed(budget, b).feed(learningRate, lr).feed(framing, f).setOptions(options);
      stepOps.forEach(runner::addTarget);
      try (Result r = runner.runAndFetchMetadata()) {
        List<String> devices = new ArrayList<>();
        r.getMetadata().ifPresent(m -> m.getStepStats().getDevStatsList().forEach(d -> devices.add(d.getDevice())));
        return devices;
      }
    } catch (RuntimeException e) {
      throw backend("step", e);
    }
  }

  /** The best in-budget iterate of each face ([B,S,S,3] flattened); the original where none was. */
  float[] best() {
    try (Result r = session.runner().fetch(bestRead).run()) {
      return read((TFloat32) r.get(0), batch * size * size * 3);
    } catch (RuntimeException e) {
      throw backend("best", e);
    }
  }

  /**
   * Evaluates given images in place of the cloaked ones: per model the embeddings [B*D_k], and the
   * DSSIM against the uploaded originals [B].
   */
  Evaluation evaluate(float[] images) {
    try (TFloat32 x = images(images); TFloat32 f = framing(currentFraming)) {
      Session.Runner runner = session.runner().feed(cloaked, x).feed(framing, f);
      embeddings.forEach(runner::fetch);
      runner.fetch(dssim);
      try (Result r = runner.run()) {
        List<float[]> e = new ArrayList<>();
        for (int k = 0; k < embeddings.size(); k++) {
          TFloat32 t = (TFloat32) r.get(k);
          e.add(read(t, (int) t.size()));
        }
        return new Evaluation(e, read((TFloat32) r.get(embeddings.size()), batch));
      }
    } catch (RuntimeException e) {
      throw backend("evaluate", e);
    }
  }

  /** Embeddings per model ([B*D_k] each) of given images with their framing; needs no uploaded batch. */
  List<float[]> embed(float[] images, float[] faceFraming) {
    try (TFloat32 x = images(images); TFloat32 f = framing(faceFraming)) {
      Session.Runner runner = session.runner().feed(cloaked, x).feed(framing, f);
      embeddings.forEach(runner::fetch);
      try (Result r = runner.run()) {
        List<float[]> e = new ArrayList<>();
        for (int k = 0; k < embeddings.size(); k++) {
          TFloat32 t = (TFloat32) r.get(k);
          e.add(read(t, (int) t.size()));
        }
        return e;
      }
    } catch (RuntimeException e) {
      throw backend("embed", e);
    }
  }

  /** Rows {@code from .. from + batch} of a [2B, D] embedding. */
  private Operand<TFloat32> rows(Ops tf, Operand<TFloat32> all, int from) {
    return tf.slice(all, tf.constant(new int[] {from, 0}), tf.constant(new int[] {batch, (int) all.shape().size(1)}));
  }

  private static Operand<TFloat32> distance(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.reduceSum(tf.math.square(tf.math.sub(a, b)), tf.constant(1), ReduceSum.keepDims(false));
  }

  /** Embeddings per model ([B*D_k] each) and DSSIM per face. */
  record Evaluation(List<float[]> embeddings, float[] dssim) {}

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

  /** A float32 resource variable. */
  private static final class Variable {
    private final Operand<?> handle;

    Variable(Ops tf, String name, Shape shape) {
      this.handle = tf.withName(name).varHandleOp(TFloat32.class, shape,
          org.tensorflow.op.core.VarHandleOp.sharedName(name));
    }

    Operand<TFloat32> read(Ops tf) {
      return tf.readVariableOp(handle, TFloat32.class);
    }

    Op assign(Ops tf, Operand<TFloat32> value) {
      return tf.assignVariableOp(handle, value);
    }
  }
}
