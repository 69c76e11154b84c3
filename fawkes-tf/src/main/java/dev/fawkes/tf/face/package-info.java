/**
 * Faces in photos: detection (BlazeFace over a tile pyramid), alignment to the canonical crop, and
 * the way back. The entry point is {@link dev.fawkes.tf.face.TfFaceAligner}.
 */
package dev.fawkes.tf.face;
