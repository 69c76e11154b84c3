/**
 * Photo files: reading them upright with their metadata, and writing cloaked copies that keep the
 * ICC colour profile and drop EXIF and XMP unless asked. The entry point is
 * {@link dev.fawkes.photo.Photos}; a {@link dev.fawkes.photo.Photo} carries pixels and metadata
 * from one to the other. Uses the JDK's ImageIO only. A null argument throws a
 * {@link java.lang.NullPointerException} that names it; a photo that cannot be read or written, a
 * {@link dev.fawkes.ImageException}.
 */
package dev.fawkes.photo;
