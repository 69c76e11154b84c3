/**
 * Photo files: reading them upright with their metadata, and writing cloaked copies that keep the
 * ICC colour profile and drop EXIF and XMP unless asked. The entry point is
 * {@link dev.fawkes.photo.Photos}; a {@link dev.fawkes.photo.Photo} carries pixels and metadata
 * from one to the other. Uses the JDK's ImageIO only.
 */
package dev.fawkes.photo;
