package dev.fawkes.tf.model.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.tf.model.ImageBatch;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Turns {@link ImageBatch}es into tensors, the form the backend's graphs are fed. Stateless. */
public final class ImageTensors {
  private ImageTensors() {}

  /** Returns a new tensor of shape [count, height, width, 3]; the caller closes it. */
  public static TFloat32 of(ImageBatch batch) {
    checkNotNull(batch, "batch");
    return TFloat32.tensorOf(Shape.of(batch.count(), batch.height(), batch.width(), 3),
        DataBuffers.of(batch.pixels(), true, false));
  }
}
