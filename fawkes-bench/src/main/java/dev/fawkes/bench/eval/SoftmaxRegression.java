package dev.fawkes.bench.eval;

import dev.fawkes.tf.model.Embeddings;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression on embeddings, trained by mini-batch SGD with momentum and a
 * small L2 penalty. The objective is convex, so a fit may start from another fit's weights (see
 * {@link #fit(TrainingSet, SoftmaxRegression, int, long)}) and still heads for the same optimum;
 * the evaluation uses that to refit only what the cloaked photos change.
 */
final class SoftmaxRegression implements Classifier {
  /** Embeddings are unit vectors; this scale lets the logits span a useful range. */
  private static final float SCALE = 16f;
  private static final float RATE = 0.05f;
  private static final float MOMENTUM = 0.9f;
  private static final float L2 = 1e-4f;
  private static final int BATCH = 64;

  private final List<String> labels;
  private final float[][] w;
  private final float[] b;

  private SoftmaxRegression(List<String> labels, float[][] w, float[] b) {
    this.labels = labels;
    this.w = w;
    this.b = b;
  }

  /**
   * Fits on {@code data} for {@code epochs} passes, seeded.
   *
   * @param start weights to start from, matched by label (labels it lacks start at zero); or null
   */
  static SoftmaxRegression fit(TrainingSet data, SoftmaxRegression start, int epochs, long seed) {
    int classes = data.labels.size();
    int dim = data.dimension();
    float[][] w = new float[classes][dim];
    float[] b = new float[classes];
    if (start != null) {
      for (int c = 0; c < classes; c++) {
        int from = start.labels.indexOf(data.labels.get(c));
        if (from >= 0) {
          System.arraycopy(start.w[from], 0, w[c], 0, dim);
          b[c] = start.b[from];
        }
      }
    }
    float[][] vw = new float[classes][dim];
    float[] vb = new float[classes];
    float[][] gw = new float[classes][dim];
    float[] gb = new float[classes];
    double[] logits = new double[classes];
    int n = data.x.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        for (float[] row : gw) {
          Arrays.fill(row, 0f);
        }
        Arrays.fill(gb, 0f);
        for (int i = from; i < to; i++) {
          float[] x = data.x[order[i]];
          softmax(w, b, x, logits);
          logits[data.y[order[i]]] -= 1;
          for (int c = 0; c < classes; c++) {
            float g = (float) logits[c];
            // Classes the sample gives (almost) no probability contribute nothing worth the pass.
            if (g > -1e-5f && g < 1e-5f) {
              continue;
            }
            float[] row = gw[c];
            for (int d = 0; d < dim; d++) {
              row[d] += g * SCALE * x[d];
            }
            gb[c] += g;
          }
        }
        float scale = 1f / (to - from);
        for (int c = 0; c < classes; c++) {
          float[] wc = w[c];
          float[] vc = vw[c];
          float[] gc = gw[c];
          for (int d = 0; d < dim; d++) {
            vc[d] = MOMENTUM * vc[d] - RATE * (gc[d] * scale + L2 * wc[d]);
            wc[d] += vc[d];
          }
          vb[c] = MOMENTUM * vb[c] - RATE * gb[c] * scale;
          b[c] += vb[c];
        }
      }
    }
    return new SoftmaxRegression(data.labels, w, b);
  }

  /** Writes the class probabilities for {@code x} into {@code out}. */
  private static void softmax(float[][] w, float[] b, float[] x, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < w.length; c++) {
      out[c] = SCALE * Embeddings.dot(w[c], x) + b[c];
      max = Math.max(max, out[c]);
    }
    double sum = 0;
    for (int c = 0; c < w.length; c++) {
      out[c] = Math.exp(out[c] - max);
      sum += out[c];
    }
    for (int c = 0; c < w.length; c++) {
      out[c] /= sum;
    }
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  @Override
  public String predict(float[] embedding) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < w.length; c++) {
      double score = SCALE * Embeddings.dot(w[c], embedding) + b[c];
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return labels.get(best);
  }
}
