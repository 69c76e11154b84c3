package dev.fawkes.bench;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fawkes.tf.model.Embeddings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A nearest-centroid classifier on L2-normalised embeddings: each class is the normalised mean of
 * its embeddings, and a query takes the class of highest cosine similarity. Immutable.
 */
public final class NearestCentroid {
  private final List<String> labels;
  private final float[][] centroids;

  private NearestCentroid(List<String> labels, float[][] centroids) {
    this.labels = labels;
    this.centroids = centroids;
  }

  /** Fits one centroid per label; every label needs at least one embedding. */
  public static NearestCentroid fit(Map<String, List<float[]>> embeddingsByLabel) {
    List<String> labels = new ArrayList<>();
    List<float[]> centroids = new ArrayList<>();
    for (Map.Entry<String, List<float[]>> entry : new LinkedHashMap<>(embeddingsByLabel).entrySet()) {
      checkArgument(!entry.getValue().isEmpty(), "label %s has no embeddings", entry.getKey());
      labels.add(entry.getKey());
      centroids.add(Embeddings.normalize(mean(entry.getValue())));
    }
    return new NearestCentroid(List.copyOf(labels), centroids.toArray(new float[0][]));
  }

  /** The label whose centroid has the highest cosine similarity to {@code embedding}. */
  public String predict(float[] embedding) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < centroids.length; i++) {
      double score = Embeddings.dot(centroids[i], embedding);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return labels.get(best);
  }

  static float[] mean(List<float[]> vectors) {
    float[] sum = new float[vectors.get(0).length];
    for (float[] v : vectors) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += v[i];
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= vectors.size();
    }
    return sum;
  }

}
