package dev.fawkes.tf.cloak.internal;

import dev.fawkes.AlignedFace;
import dev.fawkes.tf.model.ImageBatch;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.geom.NoninvertibleTransformException;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.WritableRaster;
import java.util.BitSet;
import java.util.List;

/**
 * Puts cloaked face crops back into photos: the change (cloaked minus original crop) is mapped
 * through the crop-to-photo transform with bilinear sampling and added to the photo's own pixels,
 * so pixels outside the face region stay bit for bit as they were, and an identity transform gives
 * back the cloaked crop exactly. {@link PhotoWriter} decides how much of each change is written.
 */
public final class FacePaster {
  private FacePaster() {}

  /** RGB floats in 0..1, row-major, interleaved. */
  public static float[] toFloats(BufferedImage image) {
    return ImageBatch.of(List.of(image)).pixels();
  }

  /** A deep copy of a photo, of the same type. */
  static BufferedImage copy(BufferedImage photo) {
    ColorModel model = photo.getColorModel();
    WritableRaster raster = photo.copyData(photo.getRaster().createCompatibleWritableRaster());
    return new BufferedImage(model, raster, model.isAlphaPremultiplied(), null);
  }

  /** The change of one face's cloak in levels of 255: the cloaked crop (RGB floats) minus the original crop. */
  static float[] delta(AlignedFace face, float[] cloaked) {
    float[] original = toFloats(face.crop());
    float[] delta = new float[cloaked.length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = (cloaked[i] - original[i]) * 255f;
    }
    return delta;
  }

  /** The photo pixels a face's crop covers, clipped to the photo. */
  static Rectangle region(BufferedImage photo, AlignedFace face) {
    int size = face.crop().getWidth();
    Rectangle2D bounds = face.cropToPhoto().createTransformedShape(new Rectangle2D.Double(0, 0, size, size)).getBounds2D();
    int x0 = Math.max(0, (int) Math.floor(bounds.getMinX()));
    int y0 = Math.max(0, (int) Math.floor(bounds.getMinY()));
    int x1 = Math.min(photo.getWidth(), (int) Math.ceil(bounds.getMaxX()));
    int y1 = Math.min(photo.getHeight(), (int) Math.ceil(bounds.getMaxY()));
    return new Rectangle(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
  }

  /**
   * Adds {@code scale} times one face's change ({@code delta}, levels of 255 over the crop) to
   * {@code photo} in place, leaving the pixels set in {@code written} (index y * width + x) as they
   * are and setting those this face's crop covers: each pixel takes one face's change.
   */
  static void paste(BufferedImage photo, AlignedFace face, float[] delta, double scale, BitSet written) {
    int size = face.crop().getWidth();
    AffineTransform toCrop;
    try {
      toCrop = face.cropToPhoto().createInverse();
    } catch (NoninvertibleTransformException e) {
      throw new IllegalArgumentException("the face's crop-to-photo transform is not invertible", e);
    }
    Rectangle region = region(photo, face);
    float k = (float) scale;
    Point2D.Double p = new Point2D.Double();
    for (int y = region.y; y < region.y + region.height; y++) {
      for (int x = region.x; x < region.x + region.width; x++) {
        // Pixel centres: photo pixel (x, y) covers [x, x+1); sample the crop at its centre.
        p.setLocation(x + 0.5, y + 0.5);
        toCrop.transform(p, p);
        double cx = p.x - 0.5;
        double cy = p.y - 0.5;
        int index = y * photo.getWidth() + x;
        if (cx < -0.5 || cy < -0.5 || cx > size - 0.5 || cy > size - 0.5 || written.get(index)) {
          continue;
        }
        written.set(index);
        int argb = photo.getRGB(x, y);
        int r = add((argb >> 16) & 0xff, k * sample(delta, size, cx, cy, 0));
        int g = add((argb >> 8) & 0xff, k * sample(delta, size, cx, cy, 1));
        int b = add(argb & 0xff, k * sample(delta, size, cx, cy, 2));
        photo.setRGB(x, y, (argb & 0xff000000) | (r << 16) | (g << 8) | b);
      }
    }
  }

  private static int add(int value, float delta) {
    return Math.max(0, Math.min(255, Math.round(value + delta)));
  }

  /** Bilinear sample of channel {@code c} at crop position (x, y), edges clamped. */
  private static float sample(float[] image, int size, double x, double y, int c) {
    double fx = Math.max(0, Math.min(size - 1, x));
    double fy = Math.max(0, Math.min(size - 1, y));
    int ix = (int) Math.floor(fx);
    int iy = (int) Math.floor(fy);
    int jx = Math.min(size - 1, ix + 1);
    int jy = Math.min(size - 1, iy + 1);
    double ax = fx - ix;
    double ay = fy - iy;
    double top = image[(iy * size + ix) * 3 + c] * (1 - ax) + image[(iy * size + jx) * 3 + c] * ax;
    double bottom = image[(jy * size + ix) * 3 + c] * (1 - ax) + image[(jy * size + jx) * 3 + c] * ax;
    return (float) (top * (1 - ay) + bottom * ay);
  }
}
