package dev.fawkes.bench.eval;

import dev.fawkes.tf.model.Embeddings;
import java.util.Arrays;

/**
 * k-nearest neighbours by cosine similarity: the label most frequent among the {@value #K} most
 * similar training embeddings; a tie goes to the label with the larger summed similarity.
 */
final class KNearestNeighbours implements Classifier {
  static final int K = 5;
  private final TrainingSet data;

  KNearestNeighbours(TrainingSet data) {
    this.data = data;
  }

  @Override
  public String predict(float[] embedding) {
    int n = data.x.length;
    double[] sims = new double[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      sims[i] = Embeddings.dot(data.x[i], embedding);
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(sims[b], sims[a]));
    int[] votes = new int[data.labels.size()];
    double[] weight = new double[data.labels.size()];
    int best = -1;
    for (int i = 0; i < Math.min(K, n); i++) {
      int label = data.y[order[i]];
      votes[label]++;
      weight[label] += sims[order[i]];
      if (best < 0 || votes[label] > votes[best] || (votes[label] == votes[best] && weight[label] > weight[best])) {
        best = label;
      }
    }
    return data.labels.get(best);
  }
}
