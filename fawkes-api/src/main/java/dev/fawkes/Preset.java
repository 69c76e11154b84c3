package dev.fawkes;

import java.util.List;

/**
 * Protection levels: each sets the perceptual budget, the optimization length and the models used.
 * Higher levels protect better and change the photo more. {@link CloakConfig#preset(Preset)} starts
 * from these values; its builder overrides any of them.
 */
public enum Preset {
  /** Least visible change; fastest. */
  LOW(0.007, 40),
  /** The balance of protection and visibility. */
  MID(0.012, 50),
  /**
   * Strongest protection; the most visible change and the longest run. Its budget is the reference
   * tool's {@code high}.
   */
  HIGH(0.017, 60);

  /**
   * The two 112 px recognisers, for every preset: the 224 px faceres models cost three to four
   * times as much per step on a CPU, and leaving them out keeps them as black-box trackers in the
   * protection evaluation (docs/evaluation.md), whose presets differ by budget and steps instead.
   */
  private static final List<String> ENSEMBLE = List.of("mobilefacenet-tflite", "mobileface");
  /** The presets differ by budget and steps, not by rate. */
  private static final double LEARNING_RATE = 0.01;

  private final double dssimBudget;
  private final int maxSteps;

  // Step counts from the protection evaluation: 40 steps already spend a 0.007 or 0.012 budget;
  // the larger budget gets a little more room.
  Preset(double dssimBudget, int maxSteps) {
    this.dssimBudget = dssimBudget;
    this.maxSteps = maxSteps;
  }

  /** {@return the largest DSSIM allowed on a face crop: 0.007, 0.012 or 0.017} */
  public double dssimBudget() {
    return dssimBudget;
  }

  /** {@return the optimization steps per batch: 40, 50 or 60} */
  public int maxSteps() {
    return maxSteps;
  }

  /** {@return the Adam learning rate in the tanh space of the pixels: 0.01 for every preset} */
  public double learningRate() {
    return LEARNING_RATE;
  }

  /**
   * Names the feature extractors of the ensemble: {@code mobilefacenet-tflite} and
   * {@code mobileface} for every preset. A configuration that names no extractors uses these.
   *
   * @return the extractor names, in order; immutable
   */
  public List<String> extractors() {
    return ENSEMBLE;
  }
}
