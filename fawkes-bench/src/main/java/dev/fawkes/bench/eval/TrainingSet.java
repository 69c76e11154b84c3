package dev.fawkes.bench.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tracker's training data: L2-normalised embeddings with their labels, the labels numbered in
 * first-seen order. Immutable.
 */
final class TrainingSet {
  final List<String> labels;
  final float[][] x;
  final int[] y;

  private TrainingSet(List<String> labels, float[][] x, int[] y) {
    this.labels = labels;
    this.x = x;
    this.y = y;
  }

  /** Builds a set from embeddings grouped by label; every label needs at least one embedding. */
  static TrainingSet of(Map<String, List<float[]>> byLabel) {
    List<String> labels = new ArrayList<>();
    List<float[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (Map.Entry<String, List<float[]>> e : new LinkedHashMap<>(byLabel).entrySet()) {
      checkArgument(!e.getValue().isEmpty(), "label %s has no embeddings", e.getKey());
      for (float[] v : e.getValue()) {
        x.add(v);
        y.add(labels.size());
      }
      labels.add(e.getKey());
    }
    return new TrainingSet(List.copyOf(labels), x.toArray(new float[0][]),
        y.stream().mapToInt(Integer::intValue).toArray());
  }

  int dimension() {
    return x[0].length;
  }
}
