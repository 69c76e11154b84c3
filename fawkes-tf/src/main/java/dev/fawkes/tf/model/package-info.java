/**
 * Face-recognition models: the bundled ones and the user's own (frozen GraphDef, SavedModel,
 * TFLite, ONNX, OpenVINO IR), each checked at load. The entry point is {@link dev.fawkes.tf.model.ModelZoo};
 * a loaded {@link dev.fawkes.tf.model.FaceModel} is described by its
 * {@link dev.fawkes.tf.model.ExtractorSpec} ({@link dev.fawkes.tf.model.PixelScaling},
 * {@link dev.fawkes.tf.model.Framing}), given to a cloaker, or run on its own through a
 * {@link dev.fawkes.tf.model.FeatureExtractor} on an {@link dev.fawkes.tf.model.ImageBatch}.
 *
 * <p>No member of this package exposes a TensorFlow type. The converters and the graph-building
 * code live in {@code dev.fawkes.tf.model.internal}, which is not API.
 */
package dev.fawkes.tf.model;
