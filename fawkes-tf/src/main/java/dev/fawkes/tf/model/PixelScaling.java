package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How a model wants its pixels: channel order, then {@code (value - mean) / std} applied to values
 * in 0..255. The library's own images are RGB in 0..1; the backend converts them in its graphs, so
 * gradients flow through the scaling.
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

  /**
   * Validates the fields.
   *
   * @param order the channel order the model expects
   * @param mean subtracted from each 0..255 value; finite
   * @param std divides the result; positive and finite
   * @throws IllegalArgumentException if {@code mean} or {@code std} is out of range
   */
  public PixelScaling {
    checkNotNull(order, "order");
    checkArgument(Float.isFinite(mean), "mean (%s) must be finite", mean);
    checkArgument(std > 0 && Float.isFinite(std), "std (%s) must be positive and finite", std);
  }

  /**
   * RGB in 0..255.
   *
   * @return the scaling
   */
  public static PixelScaling rgb255() {
    return new PixelScaling(ChannelOrder.RGB, 0f, 1f);
  }

  /**
   * BGR in 0..255.
   *
   * @return the scaling
   */
  public static PixelScaling bgr255() {
    return new PixelScaling(ChannelOrder.BGR, 0f, 1f);
  }

  /**
   * RGB as {@code (value - mean) / std}, for example {@code (x - 127.5) / 128}.
   *
   * @param mean subtracted from each 0..255 value; finite
   * @param std divides the result; positive and finite
   * @return the scaling
   * @throws IllegalArgumentException if {@code mean} or {@code std} is out of range
   */
  public static PixelScaling rgbNormalized(float mean, float std) {
    return new PixelScaling(ChannelOrder.RGB, mean, std);
  }
}
