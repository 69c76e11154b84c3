package dev.fawkes.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.bench.NearestCentroid;
import dev.fawkes.tf.model.Embeddings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The three tracker heads on embeddings with a known answer: noisy unit vectors around one
 * direction per class, with one class learned from shifted samples (as a cloak shifts them).
 */
class HeadsTest {
  private static final int DIM = 32;
  private static final int CLASSES = 8;

  @Test
  void everyHeadIdentifiesSeparableClasses() {
    Random random = new Random(3);
    float[][] centres = centres(random);
    Map<String, List<float[]>> training = samples(centres, 12, 0.5, random);
    Map<String, List<float[]>> test = samples(centres, 10, 0.5, random);
    TrainingSet set = TrainingSet.of(training);
    assertThat(accuracy(NearestCentroid.fit(training)::predict, test)).isGreaterThan(0.95);
    assertThat(accuracy(new KNearestNeighbours(set), test)).isGreaterThan(0.95);
    assertThat(accuracy(SoftmaxRegression.fit(set, null, 20, 1), test)).isGreaterThan(0.95);
  }

  @Test
  void aClassLearnedFromShiftedSamplesIsMissedAndAWarmStartFindsTheSameFit() {
    Random random = new Random(5);
    float[][] centres = centres(random);
    Map<String, List<float[]>> training = samples(centres, 12, 0.5, random);
    Map<String, List<float[]>> test = samples(centres, 10, 0.5, random);
    // Class c0's training samples sit opposite its test samples, as an untargeted cloak moves them.
    float[] opposite = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      opposite[d] = -centres[0][d];
    }
    training.put("c0", samples(new float[][] {opposite}, 12, 0.5, random).get("c0"));
    Map<String, List<float[]>> others = new LinkedHashMap<>(training);
    others.remove("c0");

    TrainingSet set = TrainingSet.of(training);
    SoftmaxRegression cold = SoftmaxRegression.fit(set, null, 30, 1);
    SoftmaxRegression warm = SoftmaxRegression.fit(set, SoftmaxRegression.fit(TrainingSet.of(others), null, 30, 1), 15, 2);
    List<Classifier> heads = List.of(NearestCentroid.fit(training)::predict, new KNearestNeighbours(set), cold, warm);
    for (int h = 0; h < heads.size(); h++) {
      Classifier head = heads.get(h);
      long missed = test.get("c0").stream().filter(e -> !head.predict(e).equals("c0")).count();
      assertThat(missed).as("head %s: c0 test samples not identified", h).isEqualTo(test.get("c0").size());
    }
    Map<String, List<float[]>> rest = new LinkedHashMap<>(test);
    rest.remove("c0");
    assertThat(accuracy(warm, rest)).isGreaterThan(0.95);
  }

  private static double accuracy(Classifier head, Map<String, List<float[]>> test) {
    int correct = 0;
    int total = 0;
    for (Map.Entry<String, List<float[]>> e : test.entrySet()) {
      for (float[] v : e.getValue()) {
        total++;
        correct += head.predict(v).equals(e.getKey()) ? 1 : 0;
      }
    }
    return (double) correct / total;
  }

  private static float[][] centres(Random random) {
    float[][] c = new float[CLASSES][];
    for (int k = 0; k < CLASSES; k++) {
      c[k] = Embeddings.normalize(gaussian(random, 1.0));
    }
    return c;
  }

  private static Map<String, List<float[]>> samples(float[][] centres, int n, double noise, Random random) {
    Map<String, List<float[]>> out = new LinkedHashMap<>();
    for (int k = 0; k < centres.length; k++) {
      List<float[]> list = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float[] v = gaussian(random, noise / Math.sqrt(DIM));
        for (int d = 0; d < DIM; d++) {
          v[d] += centres[k][d];
        }
        list.add(Embeddings.normalize(v));
      }
      out.put("c" + k, list);
    }
    return out;
  }

  private static float[] gaussian(Random random, double sigma) {
    float[] v = new float[DIM];
    for (int d = 0; d < DIM; d++) {
      v[d] = (float) (random.nextGaussian() * sigma);
    }
    return v;
  }
}
