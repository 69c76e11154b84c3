package dev.fawkes;

import java.util.List;

/**
 * Protection levels: each sets the perceptual budget, the optimization length and the models used,
 * and promises how visible its cloak may be on the face ({@link #maxDeltaEP95()},
 * {@link #maxWorstRegionDssim()}, measured as {@link dev.fawkes.quality.Visibility} defines them).
 * Higher levels protect better and change the photo more. {@link CloakConfig#preset(Preset)} starts
 * from these values; its builder overrides any of them.
 *
 * <p>The bounds are set against a JPEG re-encode at quality 70, which measures ΔE p95 about 2.4 and
 * a worst-region DSSIM about 0.004 on LFW faces: LOW is no more visible than that, MID at most twice
 * and HIGH at most four times. docs/evaluation.md has the protection each keeps.
 */
public enum Preset {
  /** No more visible than a JPEG quality-70 re-encode; fastest. */
  LOW(0.0045, 35, 0.15, 2.5, 0.005),
  /** At most twice as visible as a JPEG quality-70 re-encode. */
  MID(0.009, 50, 0.08, 5, 0.010),
  /** At most four times as visible as a JPEG quality-70 re-encode; the longest run. */
  HIGH(0.018, 60, 0.04, 10, 0.020);

  /**
   * The two 112 px recognisers, for every preset: the 224 px faceres models cost three to four
   * times as much per step on a CPU, and leaving them out keeps them as black-box trackers in the
   * protection evaluation (docs/evaluation.md), whose presets differ by budget and steps instead.
   */
  private static final List<String> ENSEMBLE = List.of("mobilefacenet-tflite", "mobileface");
  private final double dssimBudget;
  private final int maxSteps;
  private final double learningRate;
  private final double maxDeltaEP95;
  private final double maxWorstRegionDssim;

  // Budgets a tenth inside the DSSIM bound: rounding to 8 bits and pasting into the photo add a
  // little. Rates inversely proportional to the per-pixel bounds (CloakTuning), so that a step moves
  // a pixel by about the same number of levels at every preset.
  Preset(double dssimBudget, int maxSteps, double learningRate, double maxDeltaEP95, double maxWorstRegionDssim) {
    this.dssimBudget = dssimBudget;
    this.maxSteps = maxSteps;
    this.learningRate = learningRate;
    this.maxDeltaEP95 = maxDeltaEP95;
    this.maxWorstRegionDssim = maxWorstRegionDssim;
  }

  /**
   * {@return the worst-region DSSIM the optimization allows on a face crop: 0.0045, 0.009 or 0.018}
   * A tenth inside {@link #maxWorstRegionDssim()}.
   */
  public double dssimBudget() {
    return dssimBudget;
  }

  /** {@return the largest ΔE p95 this preset's cloak shows on a face: 2.5, 5 or 10} */
  public double maxDeltaEP95() {
    return maxDeltaEP95;
  }

  /** {@return the largest worst-region DSSIM this preset's cloak shows on a face: 0.005, 0.01 or 0.02} */
  public double maxWorstRegionDssim() {
    return maxWorstRegionDssim;
  }

  /** {@return the optimization steps per batch: 35, 50 or 60} */
  public int maxSteps() {
    return maxSteps;
  }

  /** {@return the Adam learning rate of the optimization: 0.15, 0.08 or 0.04} */
  public double learningRate() {
    return learningRate;
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
