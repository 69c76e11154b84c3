package dev.fawkes.photo;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Objects;

/**
 * How {@link Photos#write(Photo, java.nio.file.Path, WriteOptions)} writes a photo: the format, the
 * JPEG quality, and whether private metadata is kept. Immutable and thread-safe.
 *
 * <pre>{@code
 * WriteOptions jpeg = WriteOptions.builder().format(OutputFormat.JPEG).jpegQuality(0.85f).build();
 * }</pre>
 */
public final class WriteOptions {
  /** The JPEG quality unless set, the command line's default too. */
  public static final float DEFAULT_JPEG_QUALITY = 0.92f;

  private static final WriteOptions DEFAULTS = builder().build();

  /** Never null. */
  private final OutputFormat format;
  /** In (0, 1]. */
  private final float jpegQuality;
  private final boolean keepMetadata;

  private WriteOptions(Builder b) {
    this.format = b.format;
    this.jpegQuality = b.jpegQuality;
    this.keepMetadata = b.keepMetadata;
  }

  /**
   * {@return the defaults: the format from the file name, {@link #DEFAULT_JPEG_QUALITY}, and only
   * the ICC profile kept of the metadata}
   */
  public static WriteOptions defaults() {
    return DEFAULTS;
  }

  /** {@return a new builder starting from {@link #defaults()}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the format to write; never null} */
  public OutputFormat format() {
    return format;
  }

  /** {@return the JPEG compression quality, in (0, 1]; unused for PNG} */
  public float jpegQuality() {
    return jpegQuality;
  }

  /**
   * {@return true when EXIF and XMP (GPS position, camera serial number, names) travel with the
   * photo, the EXIF orientation then set to upright} False, the default, keeps only the ICC colour
   * profile.
   */
  public boolean keepMetadata() {
    return keepMetadata;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WriteOptions w && format == w.format && jpegQuality == w.jpegQuality
        && keepMetadata == w.keepMetadata;
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, jpegQuality, keepMetadata);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "WriteOptions{format=%s, jpegQuality=%s, keepMetadata=%s}", format,
        jpegQuality, keepMetadata);
  }

  /** Builds {@link WriteOptions}; {@link #build()} checks the values. Not thread-safe; reusable. */
  public static final class Builder {
    private OutputFormat format = OutputFormat.FROM_FILE_NAME;
    private float jpegQuality = DEFAULT_JPEG_QUALITY;
    private boolean keepMetadata;

    private Builder() {}

    /**
     * Sets the format; {@link OutputFormat#FROM_FILE_NAME} unless set.
     *
     * @param format the format; not null
     * @return this builder
     */
    public Builder format(OutputFormat format) {
      this.format = requireNonNull(format, "format");
      return this;
    }

    /**
     * Sets the JPEG quality; {@link #DEFAULT_JPEG_QUALITY} unless set. Checked by {@link #build()}.
     *
     * @param jpegQuality in (0, 1], higher keeping more detail in a larger file
     * @return this builder
     */
    public Builder jpegQuality(float jpegQuality) {
      this.jpegQuality = jpegQuality;
      return this;
    }

    /**
     * Keeps EXIF and XMP too (see {@link WriteOptions#keepMetadata()}); false unless set.
     *
     * @param keepMetadata true to keep EXIF and XMP, which can locate or identify the person
     * @return this builder
     */
    public Builder keepMetadata(boolean keepMetadata) {
      this.keepMetadata = keepMetadata;
      return this;
    }

    /**
     * Builds the options; the builder stays usable.
     *
     * @return new options with the values set
     * @throws IllegalArgumentException if the JPEG quality is outside (0, 1]
     */
    public WriteOptions build() {
      if (!(jpegQuality > 0 && jpegQuality <= 1)) {
        throw new IllegalArgumentException("jpegQuality (" + jpegQuality + ") must be in (0, 1]");
      }
      return new WriteOptions(this);
    }
  }
}
