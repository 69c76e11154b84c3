package dev.fawkes;

import static java.util.Objects.requireNonNull;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
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
   * @param file the photo's file
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
   * @param file the photo's file
   * @param maxPixels the largest width times height accepted
   * @return as {@link #read(Path)}
   * @throws ImageException as {@link #read(Path)}
   */
  public static BufferedImage read(Path file, long maxPixels) {
    requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ImageException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return decode(bytes, file.toString(), maxPixels);
  }

  /**
   * Decodes a photo held in memory (an upload, say), upright, with the same checks as
   * {@link #read(Path, long)}. The pixel values are the stored ones, not converted through an
   * embedded ICC profile, so writing them back with that profile shows the photo as before; the one
   * exception is a JPEG read by the JDK's own reader, which converts to sRGB (add the TwelveMonkeys
   * imageio-jpeg plugin, as the command line does, to get stored values and CMYK support). 16-bit
   * samples are rounded to 8 bits.
   *
   * @param bytes the encoded photo
   * @param name how error messages name the photo, such as its file name
   * @param maxPixels the largest width times height accepted
   * @return as {@link #read(Path)}
   * @throws ImageException as {@link #read(Path)}
   */
  public static BufferedImage decode(byte[] bytes, String name, long maxPixels) {
    requireNonNull(bytes, "bytes");
    requireNonNull(name, "name");
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels (" + maxPixels + ") must be at least 1");
    }
    if (isTruncatedJpeg(bytes)) {
      // Readers decode what there is and fill the rest with gray; a half photo is no photo to cloak.
      throw new ImageException(name + " is a truncated JPEG (it ends inside the image data); copy it again from its source");
    }
    BufferedImage image;
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageException(name + " is not an image this JVM can read (it reads JPEG, PNG, BMP and GIF, and "
            + "WebP where an ImageIO plugin such as TwelveMonkeys imageio-webp is installed)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > maxPixels) {
          throw new ImageException(name + " is " + w + "x" + h + " (" + (w * h / 1_000_000) + " megapixels); "
              + "photos over " + maxPixels + " pixels are refused (a decompression bomb?); scale it down first");
        }
        image = reader.read(0, storedValues(reader)); // the first frame of an animated GIF
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageException ie) {
        throw ie;
      }
      throw new ImageException(name + " is not a readable image (corrupt, truncated, or unsupported such as a CMYK "
          + "JPEG without the TwelveMonkeys imageio-jpeg plugin): " + e.getMessage(), e);
    }
    return orient(normalise(image), exifOrientation(bytes));
  }

  /**
   * Asks for the file's own colour space where it is gray or RGB, so that a reader which would
   * convert pixels to sRGB through an embedded ICC profile (TwelveMonkeys' JPEG reader does) returns
   * the stored values instead. The JDK's own JPEG reader converts regardless.
   */
  private static ImageReadParam storedValues(ImageReader reader) throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    ImageTypeSpecifier raw = reader.getRawImageType(0);
    if (raw == null || !(raw.getColorModel() instanceof ComponentColorModel)) {
      return param;
    }
    int space = raw.getColorModel().getColorSpace().getType();
    if (space != ColorSpace.TYPE_RGB && space != ColorSpace.TYPE_GRAY) {
      return param;
    }
    for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
      if (types.next().equals(raw)) {
        param.setDestinationType(raw);
        break;
      }
    }
    return param;
  }

  /**
   * True for JPEG bytes with no end-of-image marker after the first scan starts. In entropy-coded
   * data a 0xFF byte is followed only by 0x00 or a restart marker, so 0xFFD9 there is the real end.
   */
  static boolean isTruncatedJpeg(byte[] b) {
    if (b.length < 4 || (b[0] & 0xff) != 0xff || (b[1] & 0xff) != 0xd8) {
      return false;
    }
    int i = 2;
    while (i + 4 <= b.length && (b[i] & 0xff) == 0xff) {
      int marker = b[i + 1] & 0xff;
      if (marker == 0xda) {
        for (int j = b.length - 2; j > i; j--) {
          if ((b[j] & 0xff) == 0xff && (b[j + 1] & 0xff) == 0xd9) {
            return false;
          }
        }
        return true;
      }
      if (marker == 0xff) { // fill byte
        i++;
        continue;
      }
      i += 2 + (((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff));
    }
    return i >= b.length; // the headers themselves run past the end
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
