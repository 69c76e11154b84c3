/**
 * Model import: bundled and user-supplied face-recognition models turned into differentiable
 * TensorFlow graphs. The entry point is {@link dev.fawkes.tf.model.ModelZoo}; a loaded
 * {@link dev.fawkes.tf.model.FaceModel} is added to any graph, or run on its own through a
 * {@link dev.fawkes.tf.model.FeatureExtractor}.
 */
package dev.fawkes.tf.model;
