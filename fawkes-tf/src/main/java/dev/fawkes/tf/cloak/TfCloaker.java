package dev.fawkes.tf.cloak;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.fawkes.BackendException;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.FaceAligner;
import dev.fawkes.ImageException;
import dev.fawkes.Strategy;
import dev.fawkes.TargetIdentity;
import dev.fawkes.tf.cloak.internal.CloakPipeline;
import dev.fawkes.tf.cloak.internal.CloakTuning;
import dev.fawkes.tf.cloak.internal.FaceCrop;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The TensorFlow {@link Cloaker}: the entry point of this package. It checks each call, serves one
 * call at a time, and runs it through a {@link CloakPipeline} (align, embed, choose the target,
 * optimize per batch, paste back), whose graphs are built once per crop size and reused.
 *
 * <p>Thread-safe: calls are served one at a time (a fair lock), so one cloaker shared by many
 * threads gives each call the result it would get alone. {@link #close()} stops a call in progress
 * at its next optimization step (that call throws a {@link BackendException} and returns no photo),
 * waits for it to leave, then releases the graphs; calls after that throw
 * {@link IllegalStateException}.
 */
public final class TfCloaker implements Cloaker {
  private final CloakPipeline pipeline;
  private final ReentrantLock lock = new ReentrantLock(true);
  private boolean closed;
  /** Set by close() before it waits for the lock, so that a call in progress stops at its next step. */
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
    checkNotNull(config, "config");
    return new TfCloaker(CloakPipeline.create(config, CloakTuning.forPreset(config.preset()), aligner));
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
  public List<CloakResult> cloakAll(List<BufferedImage> photos) {
    checkPhotos(photos);
    return serve("cloakAll()", p -> p.cloak(photos, null, this::checkNotClosing));
  }

  @Override
  public List<CloakResult> cloakAll(List<BufferedImage> photos, TargetIdentity target) {
    checkPhotos(photos);
    checkNotNull(target, "target");
    if (config().strategy() == Strategy.TARGETED) {
      String pool = pipeline.pool().name();
      checkArgument(target.pool().equals(pool), "target %s is not of this cloaker's pool '%s'", target, pool);
      checkArgument(pipeline.pool().identities().contains(target.id()), "target %s is not in pool '%s'", target, pool);
    }
    return serve("cloakAll()", p -> p.cloak(photos, target, this::checkNotClosing));
  }

  @Override
  public TargetIdentity chooseTarget(List<BufferedImage> photos) {
    checkPhotos(photos);
    return serve("chooseTarget()", p -> p.chooseTarget(photos));
  }

  /** Runs one call on the pipeline under the lock. */
  private <T> T serve(String call, Function<CloakPipeline, T> work) {
    lock.lock();
    try {
      checkState(!closed, "%s called after close()", call);
      checkNotClosing();
      return work.apply(pipeline);
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

  /** A call that got the lock while close() waits for it does no work. */
  private void checkNotClosing() {
    if (closing) {
      throw new BackendException("The cloaker was closed during this call; no photo of the call was cloaked");
    }
  }
}
