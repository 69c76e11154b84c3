package dev.fawkes.tf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmbeddingsTest {
  @Test
  void dotAndCosineMatchHandComputedValues() {
    float[] a = {1, 2, 2}; // length 3
    float[] b = {2, 0, -1}; // length sqrt(5)
    assertThat(Embeddings.dot(a, b)).isEqualTo(0.0); // 2 + 0 - 2
    assertThat(Embeddings.dot(a, a)).isEqualTo(9.0);
    float[] c = {3, 4, 0}; // length 5; a.c = 3 + 8 = 11
    assertThat(Embeddings.cosine(a, c)).isCloseTo(11.0 / 15, within(1e-12));
    assertThat(Embeddings.cosineDistance(a, c)).isCloseTo(4.0 / 15, within(1e-12));
    assertThat(Embeddings.cosine(a, new float[] {-2, -4, -4})).isCloseTo(-1, within(1e-12));
    assertThat(Embeddings.cosineDistance(b, b)).isCloseTo(0, within(1e-12));
  }

  @Test
  void productsAreSummedInDoublePrecision() {
    // 4097 * 4097 = 16785409 is not a float: a float product would round it to 16785408.
    assertThat(Embeddings.dot(new float[] {4097}, new float[] {4097})).isEqualTo(16785409.0);
  }

  @Test
  void normalizeGivesUnitLength() {
    float[] unit = Embeddings.normalize(new float[] {3, 0, 4});
    assertThat(unit).containsExactly(new float[] {0.6f, 0, 0.8f}, within(1e-7f));
    assertThat(Embeddings.dot(unit, unit)).isCloseTo(1, within(1e-7));
  }

  @Test
  void mismatchedOrZeroVectorsAreRefusedWithTheirSizes() {
    assertThatThrownBy(() -> Embeddings.dot(new float[3], new float[2])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimensions differ: 3 vs 2");
    assertThatThrownBy(() -> Embeddings.cosine(new float[] {1, 0}, new float[2]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero vector (length 2)");
    assertThatThrownBy(() -> Embeddings.normalize(new float[4])).isInstanceOf(IllegalArgumentException.class);
  }
}
