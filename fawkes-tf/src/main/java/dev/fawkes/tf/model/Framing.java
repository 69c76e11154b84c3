package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The square region of a canonical aligned face crop that a model looks at, in units of the crop's
 * side. The canonical crop frames a face as deep-funneled LFW images do (region x 35..215,
 * y 30..210 of the 250x250 frame); a model trained on tighter crops looks at a smaller region.
 *
 * @param x left edge, in [0, 1)
 * @param y top edge, in [0, 1)
 * @param size side, in (0, 1], with the region inside the crop
 */
public record Framing(double x, double y, double size) {
  /** The whole canonical crop. */
  public static final Framing FULL = new Framing(0, 0, 1);

  /**
   * Validates the region.
   *
   * @param x left edge, in [0, 1)
   * @param y top edge, in [0, 1)
   * @param size side, in (0, 1], with the region inside the crop
   * @throws IllegalArgumentException if the region does not lie inside the unit square
   */
  public Framing {
    checkArgument(x >= 0 && y >= 0 && size > 0 && x + size <= 1 + 1e-9 && y + size <= 1 + 1e-9,
        "framing (%s, %s, %s) must lie inside the unit square", x, y, size);
  }

  /**
   * The region of a square box in LFW's 250x250 frame, relative to the canonical crop.
   *
   * @param boxX the box's left edge in the LFW frame, in pixels
   * @param boxY the box's top edge in the LFW frame, in pixels
   * @param boxSize the box's side, in pixels
   * @return the framing
   * @throws IllegalArgumentException if the box does not lie inside the canonical crop
   */
  public static Framing ofLfwBox(int boxX, int boxY, int boxSize) {
    double side = LfwBox.SIZE;
    return new Framing((boxX - LfwBox.X) / side, (boxY - LfwBox.Y) / side, boxSize / side);
  }
}
