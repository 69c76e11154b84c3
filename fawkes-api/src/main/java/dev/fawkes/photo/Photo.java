package dev.fawkes.photo;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * A photo: its pixels, upright, and what travels with them from the file it was read from (the ICC
 * colour profile, EXIF and XMP, whether it was a JPEG, whether it is grayscale). Read one with
 * {@link Photos#read}; write a changed copy with {@link #withImage} and {@link Photos#write}:
 *
 * <pre>{@code
 * Photo photo = Photos.read(Path.of("alice.jpg"));
 * BufferedImage cloaked = cloaker.cloak(photo.image()).image();
 * Photos.write(photo.withImage(cloaked), Path.of("alice_cloaked.png")); // ICC profile kept, EXIF/XMP not
 * }</pre>
 *
 * <p>Immutable and thread-safe, except that the image is shared, not copied: treat its pixels as
 * read-only. Equality is identity, as for {@link BufferedImage}.
 */
public final class Photo {
  /** TYPE_INT_RGB or TYPE_INT_ARGB when read; any type from {@link #of} or {@link #withImage}. */
  private final BufferedImage image;
  private final Metadata metadata;
  /** True when read from a JPEG file: {@link OutputFormat#SAME_AS_INPUT} writes JPEG. */
  private final boolean fromJpeg;
  /** True when the source pixels were all opaque gray: the photo is written back as grayscale. */
  private final boolean grayscale;

  private Photo(BufferedImage image, Metadata metadata, boolean fromJpeg, boolean grayscale) {
    this.image = image;
    this.metadata = metadata;
    this.fromJpeg = fromJpeg;
    this.grayscale = grayscale;
  }

  /** A photo decoded from a file's bytes; grayscale is judged on the upright pixels. */
  static Photo decoded(BufferedImage image, Metadata metadata, boolean fromJpeg) {
    return new Photo(image, metadata, fromJpeg, Pixels.isGray(image));
  }

  /**
   * A photo of these pixels with no metadata, written as PNG by {@link OutputFormat#SAME_AS_INPUT}
   * and as grayscale when every pixel is opaque gray.
   *
   * @param image the pixels, shared and not copied; any type
   * @return a photo without ICC profile, EXIF or XMP
   */
  public static Photo of(BufferedImage image) {
    requireNonNull(image, "image");
    return new Photo(image, Metadata.NONE, false, Pixels.isGray(image));
  }

  /** {@return the pixels, upright as a viewer shows them; shared, so treat them as read-only} */
  public BufferedImage image() {
    return image;
  }

  /**
   * This photo with other pixels, such as its cloaked copy, keeping everything else: the metadata,
   * the source format, and grayscale (a cloak's colour noise on a gray photo is written as gray).
   *
   * @param image the new pixels, shared and not copied; normally the same size as this photo's
   * @return a new photo; this one is unchanged
   */
  public Photo withImage(BufferedImage image) {
    requireNonNull(image, "image");
    return new Photo(image, metadata, fromJpeg, grayscale);
  }

  /**
   * {@return a copy of the ICC colour profile the file carried, which {@link Photos#write} keeps; empty
   * without one}
   */
  public Optional<byte[]> iccProfile() {
    return Optional.ofNullable(metadata.icc()).map(byte[]::clone);
  }

  /**
   * {@return true when the file carried EXIF or XMP, which can locate or identify the person (GPS
   * position, camera serial number, names)} {@link Photos#write} drops them unless
   * {@link WriteOptions#keepMetadata()}.
   */
  public boolean hasPrivateMetadata() {
    return metadata.hasPrivate();
  }

  /** {@return true when every pixel of the source was opaque gray} {@link Photos#write} then writes grayscale. */
  public boolean isGrayscale() {
    return grayscale;
  }

  Metadata metadata() {
    return metadata;
  }

  boolean fromJpeg() {
    return fromJpeg;
  }

  @Override
  public String toString() {
    return "Photo[" + image.getWidth() + "x" + image.getHeight() + (fromJpeg ? ", from JPEG" : "")
        + (grayscale ? ", grayscale" : "") + (metadata.icc() != null ? ", ICC profile" : "")
        + (metadata.hasPrivate() ? ", EXIF/XMP" : "") + "]";
  }
}
