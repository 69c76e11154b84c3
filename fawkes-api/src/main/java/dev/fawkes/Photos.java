package dev.fawkes;

import static java.util.Objects.requireNonNull;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads photos as people have them: the JPEG EXIF orientation is applied, so the image comes back
 * upright as a viewer shows it. Stateless and thread-safe.
 */
public final class Photos {
  /** Largest photo read by default: 100 megapixels. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private Photos() {}

  /**
   * Reads a photo, upright, refusing photos over {@link #DEFAULT_MAX_PIXELS}.
   *
   * @return TYPE_INT_RGB, or TYPE_INT_ARGB where the file has transparency
   * @throws ImageException if the file cannot be read, is not an image ImageIO can decode, or is
   *     larger than the limit
   */
  public static BufferedImage read(Path file) {
    return read(file, DEFAULT_MAX_PIXELS);
  }

  /**
   * Reads a photo, upright. The size is read from the file's header and checked against
   * {@code maxPixels} before any pixel is decoded, so a decompression bomb (a small file declaring
   * a huge image) is refused without exhausting memory.
   *
   * @throws ImageException as {@link #read(Path)}
   */
  public static BufferedImage read(Path file, long maxPixels) {
    requireNonNull(file, "file");
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels (" + maxPixels + ") must be at least 1");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ImageException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageException(file + " is not an image format this JVM can read (JPEG, PNG, BMP, GIF)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > maxPixels) {
          throw new ImageException(file + " is " + w + "x" + h + " (" + (w * h / 1_000_000) + " megapixels); "
              + "photos over " + maxPixels + " pixels are refused (a decompression bomb?); scale it down first");
        }
        image = reader.read(0); // the first frame of an animated GIF
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageException ie) {
        throw ie;
      }
      throw new ImageException(file + " is not a readable image (corrupt, truncated or unsupported, such as CMYK "
          + "JPEG): " + e.getMessage(), e);
    }
    return orient(normalise(image), exifOrientation(bytes));
  }

  /** The EXIF orientation (1..8) of JPEG bytes; 1 when there is none. */
  static int exifOrientation(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
      return 1;
    }
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xff) == 0xff) {
      int marker = jpeg[i + 1] & 0xff;
      int length = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
      if (marker == 0xda || length < 2) { // start of scan: no more metadata
        return 1;
      }
      if (marker == 0xe1 && i + 10 <= jpeg.length && new String(jpeg, i + 4, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("Exif")) {
        return tiffOrientation(jpeg, i + 10, Math.min(jpeg.length, i + 2 + length));
      }
      i += 2 + length;
    }
    return 1;
  }

  private static int tiffOrientation(byte[] b, int start, int end) {
    try {
      ByteBuffer tiff = ByteBuffer.wrap(b, start, end - start).slice();
      tiff.order(tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
      int ifd = tiff.getInt(4);
      int entries = Short.toUnsignedInt(tiff.getShort(ifd));
      for (int e = 0; e < entries; e++) {
        int entry = ifd + 2 + 12 * e;
        if (Short.toUnsignedInt(tiff.getShort(entry)) == 0x0112) {
          int value = Short.toUnsignedInt(tiff.getShort(entry + 8));
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
    } catch (IndexOutOfBoundsException e) {
      // A malformed EXIF block: treat the photo as upright rather than refuse it.
    }
    return 1;
  }

  private static BufferedImage normalise(BufferedImage image) {
    int type = image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    if (image.getType() == type) {
      return image;
    }
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), type);
    Graphics2D g = out.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  /** Applies an EXIF orientation: the stored image becomes the displayed one. */
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
}
