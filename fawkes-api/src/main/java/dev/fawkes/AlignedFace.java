package dev.fawkes;

import static java.util.Objects.requireNonNull;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * A face cut out of a photo in the canonical framing the extractors expect, with the transform
 * that maps crop coordinates back into the photo.
 *
 * @param crop the aligned face, square, TYPE_INT_RGB
 * @param cropToPhoto maps a point of the crop to the photo (a similarity transform)
 * @param score the detector's confidence in [0, 1]; 1 where no detector was involved
 */
public record AlignedFace(BufferedImage crop, AffineTransform cropToPhoto, double score) {
  /** Validates the fields. */
  public AlignedFace {
    requireNonNull(crop, "crop");
    requireNonNull(cropToPhoto, "cropToPhoto");
    cropToPhoto = new AffineTransform(cropToPhoto);
    if (crop.getWidth() != crop.getHeight()) {
      throw new IllegalArgumentException("crop must be square, is " + crop.getWidth() + "x" + crop.getHeight());
    }
  }

  @Override
  public AffineTransform cropToPhoto() {
    return new AffineTransform(cropToPhoto);
  }
}
