package dev.fawkes.photo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/** The pixel conversions of reading and writing photos. Stateless. */
final class Pixels {
  private Pixels() {}

  /**
   * TYPE_INT_RGB or TYPE_INT_ARGB with the stored sample values. Gray, gray+alpha, RGB and RGBA
   * rasters are copied sample by sample, because drawing them would convert from their colour space
   * (Java treats 8-bit gray as linear, for one); palette and other images are drawn.
   */
  static BufferedImage normalise(BufferedImage image) {
    boolean alpha = image.getColorModel().hasAlpha();
    int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    if (image.getType() == type) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage out = new BufferedImage(w, h, type);
    Raster raster = image.getRaster();
    int bands = raster.getNumBands();
    int[] sizes = image.getSampleModel().getSampleSize();
    int space = image.getColorModel().getColorSpace().getType();
    boolean copyable = image.getColorModel() instanceof ComponentColorModel && !image.isAlphaPremultiplied()
        && (space == ColorSpace.TYPE_GRAY && bands == (alpha ? 2 : 1) || space == ColorSpace.TYPE_RGB && bands == (alpha ? 4 : 3))
        && Arrays.stream(sizes).allMatch(bits -> bits <= 16);
    if (copyable) {
      int[] argb = new int[w];
      int[] samples = new int[w * bands];
      boolean gray = bands <= 2;
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, samples);
        for (int x = 0; x < w; x++) {
          int base = x * bands;
          int r = to8(samples[base], sizes[0]);
          int g = gray ? r : to8(samples[base + 1], sizes[1]);
          int b = gray ? r : to8(samples[base + 2], sizes[2]);
          int a = alpha ? to8(samples[base + bands - 1], sizes[bands - 1]) : 0xff;
          argb[x] = a << 24 | r << 16 | g << 8 | b;
        }
        out.setRGB(0, y, w, 1, argb, 0, w);
      }
      return out;
    }
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  private static int to8(int sample, int bits) {
    return bits == 8 ? sample : (int) Math.round(sample * 255.0 / ((1 << bits) - 1));
  }

  /** Applies an EXIF orientation (1..8): the stored image becomes the displayed one. */
  static BufferedImage orient(BufferedImage image, int orientation) {
    if (orientation == 1) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean swap = orientation >= 5;
    AffineTransform t = switch (orientation) {
      case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);
      case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);
      case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);
      case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);
      case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);
      case 7 -> new AffineTransform(0, -1, -1, 0, h, w);
      default -> new AffineTransform(0, -1, 1, 0, 0, w); // 8
    };
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, image.getType());
    Graphics2D g = out.createGraphics();
    g.drawImage(image, t, null);
    g.dispose();
    return out;
  }

  /** True when every pixel is opaque gray (r = g = b): such a photo is written back as grayscale. */
  static boolean isGray(BufferedImage image) {
    if (image.getColorModel().hasAlpha()) {
      return false;
    }
    int w = image.getWidth();
    int[] row = new int[w];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int p : row) {
        int r = (p >> 16) & 0xff;
        if (r != ((p >> 8) & 0xff) || r != (p & 0xff)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The luma of a cloaked gray photo, rounded: the cloak's colour part is averaged away. Gray
   * images other than 8-bit go through {@link #normalise} first, for their stored values.
   */
  static BufferedImage toGray(BufferedImage source) {
    if (source.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      return source;
    }
    BufferedImage image = normalise(source);
    int w = image.getWidth();
    BufferedImage gray = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = gray.getRaster();
    int[] row = new int[w];
    int[] out = new int[w];
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        out[x] = (int) Math.round(0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff));
      }
      raster.setPixels(0, y, w, 1, out);
    }
    return gray;
  }

  /**
   * The image as JPEG can hold it: 8-bit RGB or gray without alpha. Transparent parts become white,
   * as most viewers show them; other layouts (palette, 16-bit, gray with alpha) go through
   * {@link #normalise} first, so that gray is not brightened by a colour-space conversion.
   */
  static BufferedImage forJpeg(BufferedImage image) {
    int type = image.getType();
    if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_BYTE_GRAY) {
      return image;
    }
    BufferedImage normal = normalise(image);
    if (!normal.getColorModel().hasAlpha()) {
      return normal;
    }
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(normal, 0, 0, Color.WHITE, null);
    g.dispose();
    return rgb;
  }
}
