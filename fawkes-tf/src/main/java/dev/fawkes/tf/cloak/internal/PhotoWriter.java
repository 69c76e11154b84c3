package dev.fawkes.tf.cloak.internal;

import dev.fawkes.AlignedFace;
import dev.fawkes.quality.Visibility;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Writes the cloaks of one photo's faces into a copy of it and holds the DSSIM budget on what is
 * written: every face's box is measured on the written 8-bit pixels at full resolution, after
 * rounding, after upsampling a large face's change, and with the changes of overlapping faces in
 * place. Where a face's box is over the budget, the changes that reach into it are scaled down and
 * the photo written again, until every box holds (a change scaled to nothing leaves its face as it
 * was). Stateless.
 */
final class PhotoWriter {
  /** Rounds of scaling down before the changes that reach into a box are dropped. */
  private static final int ROUNDS = 12;
  /** Each round aims this far inside the budget: DSSIM grows about with the square of the scale. */
  private static final double AIM = 0.98;

  private PhotoWriter() {}

  /**
   * One face of the photo.
   *
   * @param aligned where the face is
   * @param delta its change in levels of 255 over its crop; null for a face left unchanged
   */
  record Face(AlignedFace aligned, float[] delta) {}

  /**
   * The written photo.
   *
   * @param rgb the written pixels, TYPE_INT_RGB or TYPE_INT_ARGB
   * @param visibility per face, measured on {@code rgb} against the original
   * @param scale per face, the share of its change that was written; 0 for a face left unchanged
   */
  record Written(BufferedImage rgb, List<Visibility> visibility, double[] scale) {}

  /**
   * Writes {@code faces} into a copy of {@code rgb} (TYPE_INT_RGB or TYPE_INT_ARGB, not changed),
   * largest face first; where crops overlap a pixel keeps the change of the larger face.
   */
  static Written write(BufferedImage rgb, List<Face> faces, double budget) {
    int n = faces.size();
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      scale[i] = faces.get(i).delta() == null ? 0 : 1;
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> faces.get(i).aligned().sideInPhoto()).reversed());
    Rectangle[] regions = new Rectangle[n];
    Rectangle[] boxes = new Rectangle[n];
    for (int i = 0; i < n; i++) {
      regions[i] = FacePaster.region(rgb, faces.get(i).aligned());
      boxes[i] = faces.get(i).aligned().canonicalInPhoto();
    }
    // One copy of the photo; a later round puts back only the faces' regions (a 24-megapixel photo
    // is 96 MB).
    BufferedImage out = copy(rgb);
    for (int round = 0; ; round++) {
      if (round > 0) {
        for (Rectangle region : regions) {
          restore(out, rgb, region);
        }
      }
      BitSet written = new BitSet();
      for (int i : order) {
        // A change scaled to nothing still claims its pixels, so that no other face's change moves in.
        if (faces.get(i).delta() != null) {
          FacePaster.paste(out, faces.get(i).aligned(), faces.get(i).delta(), scale[i], written);
        }
      }
      List<Visibility> visibility = new ArrayList<>();
      double[] next = scale.clone();
      boolean over = false;
      for (int v = 0; v < n; v++) {
        Visibility measured = measure(rgb, out, boxes[v]);
        visibility.add(measured);
        double dssim = measured.worstRegionDssim();
        if (dssim <= budget) {
          continue;
        }
        over = true;
        double factor = round >= ROUNDS - 1 ? 0 : Math.min(0.99, Math.sqrt(budget / dssim) * AIM);
        for (int f = 0; f < n; f++) {
          if (scale[f] > 0 && regions[f].intersects(boxes[v])) {
            next[f] = Math.min(next[f], scale[f] * factor);
          }
        }
      }
      if (!over) {
        return new Written(out, visibility, scale);
      }
      scale = next;
    }
  }

  /** Copies {@code region} of {@code from} into {@code to}, row by row. */
  private static void restore(BufferedImage to, BufferedImage from, Rectangle region) {
    int[] row = new int[region.width];
    for (int y = region.y; y < region.y + region.height; y++) {
      from.getRGB(region.x, y, region.width, 1, row, 0, region.width);
      to.setRGB(region.x, y, region.width, 1, row, 0, region.width);
    }
  }

  /** The visibility over a box, or none where the box lies outside the photo. */
  private static Visibility measure(BufferedImage original, BufferedImage changed, Rectangle box) {
    if (!box.intersects(new Rectangle(0, 0, original.getWidth(), original.getHeight()))) {
      return Visibility.UNCHANGED;
    }
    return Visibility.measure(original, changed, box);
  }

  /**
   * The written pixels in the input's own type where that type holds them exactly: 8-bit RGB,
   * RGBA and gray (gray from the red channel: a gray face is cloaked in gray). Any other type
   * (palette, 16-bit, custom) comes back as {@code rgb}, since a palette would snap the cloak to its
   * colours.
   */
  static BufferedImage inInputType(BufferedImage input, BufferedImage rgb) {
    int type = input.getType();
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    switch (type) {
      case BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR -> {
        BufferedImage out = new BufferedImage(w, h, type);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
          rgb.getRGB(0, y, w, 1, row, 0, w);
          out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
      }
      case BufferedImage.TYPE_BYTE_GRAY -> {
        BufferedImage out = new BufferedImage(w, h, type);
        WritableRaster raster = out.getRaster();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
          rgb.getRGB(0, y, w, 1, row, 0, w);
          for (int x = 0; x < w; x++) {
            row[x] = (row[x] >> 16) & 0xff;
          }
          raster.setPixels(0, y, w, 1, row);
        }
        return out;
      }
      default -> {
        return rgb;
      }
    }
  }

  /** A deep copy of a photo, of the same type. */
  static BufferedImage copy(BufferedImage photo) {
    ColorModel model = photo.getColorModel();
    WritableRaster raster = photo.copyData(photo.getRaster().createCompatibleWritableRaster());
    return new BufferedImage(model, raster, model.isAlphaPremultiplied(), null);
  }
}
