package dev.fawkes.bench.eval;

/** A trained head: labels an L2-normalised embedding. Immutable and thread-safe. */
interface Classifier {
  /** The predicted label. */
  String predict(float[] embedding);
}
