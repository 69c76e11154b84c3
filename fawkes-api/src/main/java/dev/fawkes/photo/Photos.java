package dev.fawkes.photo;

import static java.util.Objects.requireNonNull;

import dev.fawkes.ImageException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Reads and writes photos as people have them. Reading applies the JPEG EXIF orientation, so the
 * image comes back upright as a viewer shows it, and keeps the file's metadata with it; writing
 * keeps the ICC colour profile, so colours look as before, and drops EXIF and XMP, which can locate
 * or identify the person, unless asked to keep them.
 *
 * <pre>{@code
 * Photo photo = Photos.read(Path.of("alice.jpg"));
 * BufferedImage cloaked = cloaker.cloak(photo.image()).image();
 * Photos.write(photo.withImage(cloaked), Path.of("alice_cloaked.png"));
 * Photos.write(photo.withImage(cloaked), Path.of("alice_cloaked.jpg"),
 *     WriteOptions.builder().jpegQuality(0.9f).keepMetadata(true).build());
 * }</pre>
 *
 * <p>JPEG, PNG, BMP and GIF (the first frame) are read with the JDK alone; an ImageIO plugin on the
 * classpath adds more, such as TwelveMonkeys' imageio-webp (WebP) and imageio-jpeg (CMYK JPEG, and
 * the stored values of JPEGs with an ICC profile). PNG and JPEG are written. Every failure is an
 * {@link ImageException} that names the file. Stateless and thread-safe.
 */
public final class Photos {
  /** Largest photo read by default: 100 megapixels. */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private Photos() {}

  /**
   * Reads a photo, upright, refusing photos over {@link #DEFAULT_MAX_PIXELS}.
   *
   * @param file a JPEG, PNG, BMP or GIF file, or another format an installed ImageIO plugin reads
   * @return the photo with its metadata, pixels TYPE_INT_RGB or TYPE_INT_ARGB
   * @throws ImageException if the file cannot be read, is not an image ImageIO can decode, is a
   *     truncated JPEG, or is larger than the limit
   */
  public static Photo read(Path file) {
    return read(file, DEFAULT_MAX_PIXELS);
  }

  /**
   * Reads a photo, upright. The size is read from the file's header and checked against
   * {@code maxPixels} before any pixel is decoded, so a decompression bomb (a small file declaring
   * a huge image) is refused without exhausting memory.
   *
   * @param file the file, as for {@link #read(Path)}
   * @param maxPixels the largest width times height accepted, at least 1
   * @return the photo with its metadata, pixels TYPE_INT_RGB or TYPE_INT_ARGB
   * @throws IllegalArgumentException if {@code maxPixels} is under 1
   * @throws ImageException as {@link #read(Path)}
   */
  public static Photo read(Path file, long maxPixels) {
    requireNonNull(file, "file");
    return decode(readBytes(file), file.toString(), maxPixels);
  }

  /**
   * Reads only the pixels of a photo, upright, for callers that do not write it back:
   * {@code read(file).image()} without the metadata.
   *
   * @param file the file, as for {@link #read(Path)}
   * @return TYPE_INT_RGB, or TYPE_INT_ARGB where the file has transparency
   * @throws ImageException as {@link #read(Path)}
   */
  public static BufferedImage readImage(Path file) {
    requireNonNull(file, "file");
    byte[] bytes = readBytes(file);
    return pixels(bytes, file.toString(), DEFAULT_MAX_PIXELS, Metadata.read(bytes));
  }

  /**
   * Decodes a photo held in memory (an upload, say), upright, with the same checks as
   * {@link #read(Path, long)}. The pixel values are the stored ones, not converted through an
   * embedded ICC profile, so writing them back with that profile shows the photo as before; the one
   * exception is a JPEG read by the JDK's own reader, which converts to sRGB (add the TwelveMonkeys
   * imageio-jpeg plugin, as the command line does, to get stored values and CMYK support). 16-bit
   * samples are rounded to 8 bits.
   *
   * @param bytes the file's content, not copied and not changed
   * @param name how error messages name the photo, such as its file name
   * @param maxPixels the largest width times height accepted, at least 1
   * @return the photo with its metadata, pixels TYPE_INT_RGB or TYPE_INT_ARGB
   * @throws IllegalArgumentException if {@code maxPixels} is under 1
   * @throws ImageException as {@link #read(Path)}
   */
  public static Photo decode(byte[] bytes, String name, long maxPixels) {
    requireNonNull(bytes, "bytes");
    requireNonNull(name, "name");
    // Read first, and never failing: malformed metadata is dropped, the pixels decide.
    Metadata metadata = Metadata.read(bytes);
    return Photo.decoded(pixels(bytes, name, maxPixels, metadata), metadata, JpegSegments.isJpeg(bytes));
  }

  /**
   * Writes a photo with {@link WriteOptions#defaults()}: the format from the file name (".png",
   * ".jpg" or ".jpeg"), and only the ICC profile kept of the metadata.
   *
   * @param photo the photo, usually {@link Photo#withImage} of the one read
   * @param file where to write; its name ends in .png, .jpg or .jpeg
   * @throws ImageException as {@link #write(Photo, Path, WriteOptions)}
   */
  public static void write(Photo photo, Path file) {
    write(photo, file, WriteOptions.defaults());
  }

  /**
   * Writes a photo, replacing any file there. A photo read as grayscale is written as grayscale;
   * transparency is kept in PNG and becomes white in JPEG. The ICC profile is kept where it fits
   * the pixels written (RGB or gray), EXIF and XMP only with {@link WriteOptions#keepMetadata()}.
   * The file is written to a hidden temporary file beside it and moved into place, so an
   * interrupted write never leaves half a photo.
   *
   * @param photo the photo, usually {@link Photo#withImage} of the one read
   * @param file where to write; its folder must exist
   * @param options the format, JPEG quality and metadata to keep
   * @throws ImageException if the format cannot be told from the file name, the image cannot be
   *     encoded, or the file cannot be written
   */
  public static void write(Photo photo, Path file, WriteOptions options) {
    requireNonNull(file, "file");
    byte[] bytes = encode(photo, String.valueOf(file.getFileName()), options);
    try {
      AtomicWrite.write(bytes, file);
    } catch (IOException e) {
      throw new ImageException("Cannot write " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); check that its folder exists, is writable and has space", e);
    }
  }

  /**
   * The bytes that {@link #write(Photo, Path, WriteOptions)} would write to a file of this name, for
   * callers that store photos elsewhere (an HTTP response, a distributed file system).
   *
   * @param photo the photo, usually {@link Photo#withImage} of the one read
   * @param fileName the name the file will have; it decides the format with
   *     {@link OutputFormat#FROM_FILE_NAME} and names the photo in error messages
   * @param options the format, JPEG quality and metadata to keep
   * @return the encoded file, metadata included
   * @throws ImageException if the format cannot be told from the name or the image cannot be encoded
   */
  public static byte[] encode(Photo photo, String fileName, WriteOptions options) {
    requireNonNull(photo, "photo");
    requireNonNull(fileName, "fileName");
    requireNonNull(options, "options");
    boolean jpeg = isJpeg(options.format(), photo, fileName);
    BufferedImage image = photo.image();
    BufferedImage pixels = photo.isGrayscale() && !image.getColorModel().hasAlpha() ? Pixels.toGray(image)
        : jpeg ? Pixels.forJpeg(image) : image;
    Metadata metadata = photo.metadata().forOutput(options.keepMetadata())
        .matching(pixels.getType() == BufferedImage.TYPE_BYTE_GRAY);
    return metadata.insertInto(encode(pixels, jpeg, options.jpegQuality(), fileName));
  }

  /**
   * The image as TYPE_INT_RGB, or TYPE_INT_ARGB where it has alpha, holding its stored sample
   * values: 8-bit gray keeps its levels (Java's own conversion would treat them as linear and
   * brighten them), 16-bit samples are rounded to 8 bits, palette images take their palette's
   * colours. An image already of that type is returned as it is.
   *
   * @param image any image
   * @return the image in RGB, for reading and writing pixels with {@code getRGB}/{@code setRGB}
   */
  public static BufferedImage toRgb(BufferedImage image) {
    return Pixels.normalise(requireNonNull(image, "image"));
  }

  private static boolean isJpeg(OutputFormat format, Photo photo, String file) {
    return switch (format) {
      case PNG -> false;
      case JPEG -> true;
      case SAME_AS_INPUT -> photo.fromJpeg();
      case FROM_FILE_NAME -> {
        String name = file.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
          yield true;
        }
        if (name.endsWith(".png")) {
          yield false;
        }
        throw new ImageException(file + ": the format cannot be told from the name; end it with .png or .jpg, "
            + "or choose one with WriteOptions.builder().format(...)");
      }
    };
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ImageException("Cannot read " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); check that it exists and is readable", e);
    }
  }

  /** The decoded pixels: checked, normalised to TYPE_INT_(A)RGB, and upright. */
  private static BufferedImage pixels(byte[] bytes, String name, long maxPixels, Metadata metadata) {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels (" + maxPixels + ") must be at least 1");
    }
    boolean jpeg = JpegSegments.isJpeg(bytes);
    if (jpeg && JpegSegments.walk(bytes).isTruncated(bytes)) {
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
    // The EXIF orientation of JPEGs only: PNG's eXIf orientation was never applied here.
    return Pixels.orient(Pixels.normalise(image), jpeg ? metadata.orientation() : 1);
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

  /** The encoded file, without metadata: {@link Metadata} adds what is kept. */
  private static byte[] encode(BufferedImage image, boolean jpeg, float quality, String file) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(jpeg ? "jpg" : "png").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (jpeg) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException | RuntimeException e) {
      throw new ImageException("Cannot encode " + file + " as " + (jpeg ? "JPEG" : "PNG") + " (" + e.getMessage()
          + "); convert the image to TYPE_INT_RGB or TYPE_INT_ARGB first", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
