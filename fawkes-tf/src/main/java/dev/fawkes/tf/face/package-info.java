/**
 * Faces in photos: detection (BlazeFace over a tile pyramid), alignment to the canonical crop, and
 * the way back. The entry point is {@link dev.fawkes.tf.face.TfFaceAligner}; its
 * {@link dev.fawkes.tf.face.TfFaceAligner#forKnownFaces forKnownFaces} aligns the faces an
 * application already knows ({@link dev.fawkes.KnownFace}: a box, or five landmarks) the same way,
 * without detecting.
 */
package dev.fawkes.tf.face;
