package dev.fawkes;

/** Which way a cloak pushes a face in feature space. */
public enum Strategy {
  /**
   * Toward another identity's features (the Fawkes paper): every photo of the person is pushed
   * toward one target identity, so a model trained on them learns the wrong features.
   */
  TARGETED,
  /** Away from the face's own features (Fawkes 1.0, LowKey). */
  UNTARGETED
}
