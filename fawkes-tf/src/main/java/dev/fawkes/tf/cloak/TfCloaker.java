package dev.fawkes.tf.cloak;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.fawkes.BackendException;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakInterruptedException;
import dev.fawkes.CloakListener;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.FaceAligner;
import dev.fawkes.ImageException;
import dev.fawkes.Strategy;
import dev.fawkes.TargetIdentity;
import dev.fawkes.tf.cloak.internal.CloakPipeline;
import dev.fawkes.tf.cloak.internal.CloakTuning;
import dev.fawkes.tf.cloak.internal.FaceCrop;
import dev.fawkes.tf.model.FaceModel;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The TensorFlow {@link Cloaker}: the entry point of this package. It checks each call, serves one
 * call at a time, and runs it through a {@link CloakPipeline} (align, embed, choose the target,
 * optimize per batch, paste back), whose graphs are built once per crop size and reused.
 *
 * <p>Thread-safe: calls are served one at a time (a fair lock), so one cloaker shared by many
 * threads gives each call the result it would get alone. A call checks, while it waits for the
 * lock and at every progress event (after each photo detected or written, after every optimization
 * step), whether its thread was interrupted, and then throws {@link CloakInterruptedException}
 * with the interrupt flag left set; the cloaker stays usable, as each batch starts its optimizer
 * afresh. {@link #close()} stops a call in progress at its next progress event (that call throws a
 * {@link BackendException} and returns no photo), waits for it to leave, then releases the graphs;
 * calls after that throw {@link IllegalStateException}.
 */
public final class TfCloaker implements Cloaker {
  /** What an interrupted cloakAll() leaves undone, for its message. */
  private static final String NO_PHOTO = "no photo of the call was cloaked";

  private final CloakPipeline pipeline;
  private final ReentrantLock lock = new ReentrantLock(true);
  private boolean closed;
  /** Set by close() before it waits for the lock, so that a call in progress stops at its next event. */
  private volatile boolean closing;

  private TfCloaker(CloakPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /**
   * Creates a cloaker: loads and verifies the ensemble's models and the target pool.
   *
   * @param config the preset, mode, strategy and ensemble to cloak with
   * @param aligner finds faces; null for BlazeFace ({@link dev.fawkes.tf.face.TfFaceAligner}), which
   *     this cloaker creates and closes
   * @throws dev.fawkes.ModelException if an extractor name is unknown, a model fails to load, or the
   *     target pool cannot serve the ensemble
   * @return a cloaker the caller owns and must {@link #close()}
   */
  public static TfCloaker create(CloakConfig config, FaceAligner aligner) {
    return create(config, aligner, List.of());
  }

  /**
   * Creates a cloaker whose ensemble also holds recognisers of the application's own: a model it
   * has the right to use, loaded with {@code FaceModel.fromSavedModel}, {@code fromFrozenGraph},
   * {@code fromTflite}, {@code fromOnnx} or {@code fromOpenVino}. They are optimized against with
   * the configuration's extractors (the preset's two by default), and each face's
   * {@link dev.fawkes.FaceCloak#featureShift()} reports them under their names. Each model adds its
   * forward and backward pass to every step, so time grows with its size. The presets are
   * untargeted; a targeted configuration needs a target pool built with the same models
   * ({@link CloakConfig.Builder#targetPool}), since the bundled pool has centroids for the bundled
   * models only.
   *
   * <pre>{@code
   * FaceModel arcface = FaceModel.fromOnnx(Path.of("arcface.onnx"), spec);
   * try (Cloaker cloaker = TfCloaker.create(CloakConfig.preset(Preset.MID), null, List.of(arcface))) {
   *   CloakResult result = cloaker.cloak(photo);
   * }
   * }</pre>
   *
   * @param config the preset, mode, strategy and ensemble to cloak with
   * @param aligner finds faces; null for BlazeFace
   * @param more the application's models, added after the configuration's extractors; names unique
   * @return a cloaker the caller owns and must {@link #close()}
   * @throws IllegalArgumentException if a model's name is already in the ensemble
   * @throws dev.fawkes.ModelException if a model fails to load, or a targeted ensemble's target pool
   *     has no centroids for one of the models
   */
  public static TfCloaker create(CloakConfig config, FaceAligner aligner, List<FaceModel> more) {
    checkNotNull(config, "config");
    return new TfCloaker(CloakPipeline.create(config, CloakTuning.forPreset(config.preset()), aligner, more));
  }

  @Override
  public CloakConfig config() {
    return pipeline.config();
  }

  /** {@return the ensemble's extractor names, in order; unmodifiable} */
  public List<String> extractors() {
    return pipeline.extractors();
  }

  @Override
  public List<CloakResult> cloakAll(List<BufferedImage> photos, CloakListener listener) {
    checkPhotos(photos);
    checkNotNull(listener, "listener");
    return serve("cloakAll()", NO_PHOTO, listener, (p, l) -> p.cloak(photos, null, l));
  }

  @Override
  public List<CloakResult> cloakAll(List<BufferedImage> photos, TargetIdentity target, CloakListener listener) {
    checkPhotos(photos);
    checkNotNull(target, "target");
    checkNotNull(listener, "listener");
    if (config().strategy() == Strategy.TARGETED) {
      String pool = pipeline.pool().name();
      checkArgument(target.pool().equals(pool), "target %s is not of this cloaker's pool '%s'", target, pool);
      checkArgument(pipeline.pool().identities().contains(target.id()), "target %s is not in pool '%s'", target, pool);
    }
    return serve("cloakAll()", NO_PHOTO, listener, (p, l) -> p.cloak(photos, target, l));
  }

  @Override
  public TargetIdentity chooseTarget(List<BufferedImage> photos) {
    checkPhotos(photos);
    return serve("chooseTarget()", "no target was chosen", progress -> { }, (p, l) -> p.chooseTarget(photos, l));
  }

  /**
   * Runs one call on the pipeline under the lock, giving it the caller's listener behind a check,
   * at every event, that the cloaker is not closing and the thread not interrupted.
   *
   * @param undone what an interrupted call leaves undone, for its message
   */
  private <T> T serve(String call, String undone, CloakListener listener,
      BiFunction<CloakPipeline, CloakListener, T> work) {
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's code around the call must see it too
      throw interrupted(call, undone, e);
    }
    try {
      checkState(!closed, "%s called after close()", call);
      CloakListener checked = progress -> {
        checkNotClosingOrInterrupted(call, undone);
        listener.onProgress(progress);
      };
      checkNotClosingOrInterrupted(call, undone);
      return work.apply(pipeline, checked);
    } finally {
      lock.unlock();
    }
  }

  private static void checkPhotos(List<BufferedImage> photos) {
    checkNotNull(photos, "photos");
    checkArgument(!photos.isEmpty(), "photos must not be empty");
    for (int i = 0; i < photos.size(); i++) {
      BufferedImage photo = checkNotNull(photos.get(i), "photo %s is null", i);
      if (photo.getWidth() < FaceCrop.MIN_SIZE || photo.getHeight() < FaceCrop.MIN_SIZE) {
        throw new ImageException("photo " + i + " is " + photo.getWidth() + "x" + photo.getHeight() + " px; at least "
            + FaceCrop.MIN_SIZE + "x" + FaceCrop.MIN_SIZE + " px are needed to find and cloak a face");
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        pipeline.close();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A call that got the lock while close() waits for it does no work; nor does one whose thread
   * was interrupted. The interrupt flag is read, not cleared, so it stays set for the caller.
   */
  private void checkNotClosingOrInterrupted(String call, String undone) {
    if (closing) {
      throw new BackendException("The cloaker was closed during this call; no photo of the call was cloaked");
    }
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted(call, undone, null);
    }
  }

  private static CloakInterruptedException interrupted(String call, String undone, InterruptedException cause) {
    String message = call + " was interrupted (Thread.interrupt() or Future.cancel(true)); " + undone
        + ". The cloaker is still usable: call it again from a thread that is not interrupted (the thread's "
        + "interrupt flag is left set; Thread.interrupted() clears it)";
    return cause == null ? new CloakInterruptedException(message) : new CloakInterruptedException(message, cause);
  }
}
