package dev.fawkes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each bundled recogniser, and the evaluation-only trackers, identifies LFW people: nearest-centroid accuracy on the 60/40 split of
 * {@code lfw/users} (62 people, 766 queries), asserted a few points under the figures measured and
 * recorded in docs/models.md.
 */
class RecognitionAccuracyTest {
  private static LfwSplit split;

  @BeforeAll
  static void loadSplit() {
    split = LfwSplit.load(SharedData.resolve("lfw/users"), 0.6);
  }

  @ParameterizedTest
  @CsvSource({
      // model,        floor (measured: see docs/models.md)
      "faceres,        0.97",
      "faceres-deep,   0.96",
      "mobileface,     0.91",
      "mobilefacenet-tflite, 0.97",
      "fr_feature,     0.96",
  })
  void identifiesLfwPeople(String model, double floor) {
    assertThat(split.people()).hasSize(62);
    try (FeatureExtractor extractor = FeatureExtractor.create(RecognitionAccuracy.load(model))) {
      RecognitionAccuracy.Result result = RecognitionAccuracy.measure(extractor, split, RecognitionAccuracy.CANONICAL);
      assertThat(result.queries()).isEqualTo(split.queryCount());
      assertThat(result.accuracy()).as("%s nearest-centroid accuracy", model).isGreaterThanOrEqualTo(floor);
    }
  }

  /**
   * The evaluation-only trackers of other lineages, each through its own five-point alignment from
   * detected landmarks; a tracker counts as one at 0.90 or more.
   */
  @ParameterizedTest
  @CsvSource({
      // model,        floor (measured: see docs/models.md)
      "intel-reid,     0.98",
      "foamliu-mfn,    0.97",
  })
  void identifiesLfwPeopleThroughTheirOwnAlignment(String model, double floor) {
    try (FeatureExtractor extractor = FeatureExtractor.create(RecognitionAccuracy.load(model));
        TrackerInput input = TrackerInput.of(model)) {
      assertThat(input.template()).isPresent();
      RecognitionAccuracy.Result result = RecognitionAccuracy.measure(extractor, split, input);
      assertThat(result.queries()).isEqualTo(split.queryCount());
      assertThat(result.accuracy()).as("%s nearest-centroid accuracy", model).isGreaterThanOrEqualTo(floor);
      assertThat(input.undetected()).as("photos without a face found").isLessThan(20);
    }
  }
}
