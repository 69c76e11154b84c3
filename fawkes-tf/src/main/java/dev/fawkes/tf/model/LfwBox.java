package dev.fawkes.tf.model;

/**
 * The canonical face box of LFW's deep-funneled images: every face of that data set sits in the
 * square x 35..215, y 30..210 of its 250x250 frame. The aligner frames faces like this box, the
 * bundled target pool and the accuracy figures were computed on it, and {@link Framing} measures a
 * model's region relative to it.
 */
public final class LfwBox {
  /** The side of a deep-funneled LFW image, in pixels. */
  public static final int FRAME = 250;

  /** The box's left edge in the frame, in pixels. */
  public static final int X = 35;

  /** The box's top edge in the frame, in pixels. */
  public static final int Y = 30;

  /** The box's side, in pixels. */
  public static final int SIZE = 180;

  private LfwBox() {}
}
