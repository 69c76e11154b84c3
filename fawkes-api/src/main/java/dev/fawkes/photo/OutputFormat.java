package dev.fawkes.photo;

/** The file format {@link Photos#write(Photo, java.nio.file.Path, WriteOptions)} writes. */
public enum OutputFormat {
  /** JPEG for a name ending ".jpg" or ".jpeg", PNG for ".png" (any case); other names are refused. */
  FROM_FILE_NAME,
  /** Lossless PNG; transparency is kept. */
  PNG,
  /** JPEG at {@link WriteOptions#jpegQuality()}; JPEG has no transparency, so transparent parts become white. */
  JPEG,
  /** JPEG when the photo was read from a JPEG file, else PNG, so that nothing lossless becomes lossy. */
  SAME_AS_INPUT
}
