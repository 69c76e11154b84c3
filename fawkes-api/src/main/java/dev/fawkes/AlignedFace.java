package dev.fawkes;

import static java.util.Objects.requireNonNull;

import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A face cut out of a photo: a square region of the photo's own pixels around the face, where the
 * face's canonical framing lies, and the transform that maps crop coordinates back into the photo.
 *
 * <p>The cloak is optimized on the crop's pixels, so that where {@code cropToPhoto} is a pure
 * translation the pixels written back are exactly the pixels optimized; the extractors cut the
 * canonical framing (and their own framing within it) out of the crop inside their graphs.
 *
 * @param crop the region around the face, square, TYPE_INT_RGB
 * @param cropToPhoto maps a point of the crop to the photo: a translation, with a scale only where
 *     the face is larger than the largest crop
 * @param canonical where the canonical framing (the face as framed in a deep-funneled LFW image)
 *     lies in the crop, in crop pixels
 * @param score the detector's confidence in [0, 1]; 1 where no detector was involved
 */
public record AlignedFace(BufferedImage crop, AffineTransform cropToPhoto, Rectangle2D canonical, double score) {
  /**
   * Validates the fields and copies the mutable ones.
   *
   * @param crop the region around the face, square
   * @param cropToPhoto maps a point of the crop to the photo
   * @param canonical where the canonical framing lies in the crop, of positive size
   * @param score the detector's confidence
   */
  public AlignedFace {
    requireNonNull(crop, "crop");
    requireNonNull(cropToPhoto, "cropToPhoto");
    requireNonNull(canonical, "canonical");
    cropToPhoto = new AffineTransform(cropToPhoto);
    canonical = (Rectangle2D) canonical.clone();
    if (crop.getWidth() != crop.getHeight()) {
      throw new IllegalArgumentException("crop must be square, is " + crop.getWidth() + "x" + crop.getHeight());
    }
    if (canonical.getWidth() <= 0 || canonical.getHeight() <= 0) {
      throw new IllegalArgumentException("canonical framing must have a positive size: " + canonical);
    }
  }

  /**
   * A face whose crop is the canonical framing itself.
   *
   * @param crop the face, square
   * @param cropToPhoto maps a point of the crop to the photo
   * @param score the detector's confidence
   * @return the face
   */
  public static AlignedFace whole(BufferedImage crop, AffineTransform cropToPhoto, double score) {
    return new AlignedFace(crop, cropToPhoto, new Rectangle2D.Double(0, 0, crop.getWidth(), crop.getHeight()), score);
  }

  /**
   * {@return the canonical framing in photo pixels, the smallest pixel rectangle that holds it: the
   * box a cloak's visibility is measured on}
   */
  public Rectangle canonicalInPhoto() {
    Rectangle2D bounds = cropToPhoto.createTransformedShape(canonical).getBounds2D();
    int x = (int) Math.floor(bounds.getMinX());
    int y = (int) Math.floor(bounds.getMinY());
    return new Rectangle(x, y, (int) Math.ceil(bounds.getMaxX()) - x, (int) Math.ceil(bounds.getMaxY()) - y);
  }

  /** {@return the side of the crop measured in photo pixels: how large the face is in its photo} */
  public double sideInPhoto() {
    return Math.hypot(cropToPhoto.getScaleX(), cropToPhoto.getShearY()) * crop.getWidth();
  }

  /**
   * The largest of {@code faces} by {@link #sideInPhoto()}: the one rule for "the largest face" (the
   * first of equals).
   *
   * @param faces faces of one photo
   * @return the largest of them
   * @throws IllegalArgumentException if {@code faces} is empty
   */
  public static AlignedFace largest(List<AlignedFace> faces) {
    requireNonNull(faces, "faces");
    if (faces.isEmpty()) {
      throw new IllegalArgumentException("faces must not be empty");
    }
    AlignedFace largest = faces.get(0);
    for (AlignedFace face : faces) {
      if (face.sideInPhoto() > largest.sideInPhoto()) {
        largest = face;
      }
    }
    return largest;
  }

  /** {@return a copy of where the canonical framing lies in the crop} */
  @Override
  public Rectangle2D canonical() {
    return (Rectangle2D) canonical.clone();
  }

  /** {@return a copy of the transform from crop to photo} */
  @Override
  public AffineTransform cropToPhoto() {
    return new AffineTransform(cropToPhoto);
  }
}
