package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * How a model wants its pixels: channel order, then {@code (value - mean) / std} applied to values
 * in 0..255. The library's own images are RGB in 0..1; {@link #apply} converts in the graph, so
 * gradients flow through it.
 *
 * @param order the channel order the model expects
 * @param mean subtracted from each 0..255 value
 * @param std divides the result; positive
 */
public record PixelScaling(ChannelOrder order, float mean, float std) {
  /** Channel orders. */
  public enum ChannelOrder {
    /** Red, green, blue. */
    RGB,
    /** Blue, green, red (Caffe and OpenCV lineage). */
    BGR
  }

  /** Validates the fields. */
  public PixelScaling {
    checkNotNull(order, "order");
    checkArgument(Float.isFinite(mean), "mean (%s) must be finite", mean);
    checkArgument(std > 0 && Float.isFinite(std), "std (%s) must be positive and finite", std);
  }

  /** RGB in 0..255. */
  public static PixelScaling rgb255() {
    return new PixelScaling(ChannelOrder.RGB, 0f, 1f);
  }

  /** BGR in 0..255. */
  public static PixelScaling bgr255() {
    return new PixelScaling(ChannelOrder.BGR, 0f, 1f);
  }

  /** RGB as {@code (value - mean) / std}, for example {@code (x - 127.5) / 128}. */
  public static PixelScaling rgbNormalized(float mean, float std) {
    return new PixelScaling(ChannelOrder.RGB, mean, std);
  }

  /** Applies the scaling to an NHWC batch of RGB values in 0..1. */
  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> rgb01) {
    Operand<TFloat32> x = tf.math.mul(rgb01, tf.constant(255f / std));
    if (mean != 0f) {
      x = tf.math.sub(x, tf.constant(mean / std));
    }
    if (order == ChannelOrder.BGR) {
      Operand<TInt32> channelAxis = tf.constant(new int[] {3});
      x = tf.reverse(x, channelAxis);
    }
    return x;
  }
}
