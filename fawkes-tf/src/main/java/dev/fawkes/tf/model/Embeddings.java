package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Arithmetic on face embeddings: the dot product, cosine similarity and L2 normalisation that every
 * comparison of two faces (classifiers, feature shifts, target choice) is built from.
 *
 * <p>Products are taken and summed in double precision, so the result does not depend on the
 * order in which callers happen to widen their floats.
 */
public final class Embeddings {
  private Embeddings() {}

  /**
   * The dot product of two embeddings; for L2-normalised ones (what {@link FeatureExtractor} returns)
   * it is their cosine similarity.
   *
   * @param a an embedding; not changed
   * @param b an embedding of the same dimension; not changed
   * @return the sum of the element-wise products, computed in double precision
   * @throws IllegalArgumentException if the dimensions differ
   */
  public static double dot(float[] a, float[] b) {
    checkArgument(a.length == b.length, "dimensions differ: %s vs %s", a.length, b.length);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  /**
   * The cosine similarity of two embeddings of any length.
   *
   * @param a an embedding, not all zeros; not changed
   * @param b an embedding of the same dimension, not all zeros; not changed
   * @return in [-1, 1], 1 for the same direction
   * @throws IllegalArgumentException if the dimensions differ or either vector is zero
   */
  public static double cosine(float[] a, float[] b) {
    return dot(a, b) / (norm(a) * norm(b));
  }

  /**
   * One minus the cosine similarity, in [0, 2]: what this project calls the feature shift between a
   * clean and a cloaked face.
   *
   * @param a an embedding, not all zeros; not changed
   * @param b an embedding of the same dimension, not all zeros; not changed
   * @return in [0, 2], 0 for the same direction
   * @throws IllegalArgumentException if the dimensions differ or either vector is zero
   */
  public static double cosineDistance(float[] a, float[] b) {
    return 1 - cosine(a, b);
  }

  /**
   * Scales a vector to unit L2 length.
   *
   * @param v the vector, not all zeros; not changed
   * @return a new vector of unit L2 length in the direction of {@code v}
   * @throws IllegalArgumentException if {@code v} is zero
   */
  public static float[] normalize(float[] v) {
    double norm = norm(v);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }

  private static double norm(float[] v) {
    double norm = Math.sqrt(dot(v, v));
    checkArgument(norm > 0, "a zero vector (length %s) has no direction", v.length);
    return norm;
  }
}
