package dev.fawkes.tf.cloak.internal;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fawkes.Preset;

/**
 * How the optimization looks for a cloak that transfers to recognisers it never saw: the knobs the
 * protection evaluation sweeps (see docs/evaluation.md). The presets use {@link #forPreset}; other
 * values are for experiments. Immutable.
 *
 * @param framingJitter largest random shift and scale of each face's framing per step, as a
 *     fraction of its side (input diversity): a tracker aligns the face a few pixels differently
 * @param gradientSigma standard deviation, in pixels of a 112 px crop, of the Gaussian that smooths
 *     the gradient before each step (translation-invariant attack); 0 for none
 * @param blurredCopies also feed a Gaussian-blurred copy (sigma 1 px at 112 px) of the cloaked crop
 *     to every extractor, so that the cloak survives the low-pass filtering of resizing and JPEG
 *     (LowKey); doubles the cost of a step
 * @param normalizePerModel divide each extractor's targeted distance by its value at the clean
 *     face, so that every extractor of the ensemble weighs the same whatever its embedding geometry
 */
public record CloakTuning(double framingJitter, double gradientSigma, boolean blurredCopies, boolean normalizePerModel) {
  /** The optimizer without the transfer aids but the framing jitter: what the sweep started from. */
  public static final CloakTuning DEFAULT = new CloakTuning(0.02, 0, false, false);
  /**
   * What the presets use: blurred copies, the one aid that raised black-box protection in the
   * sweep of docs/evaluation.md (larger jitter, gradient smoothing and per-model normalisation
   * lowered it).
   */
  public static final CloakTuning PRESETS = DEFAULT.withBlurredCopies(true);

  /** Validates the values. */
  public CloakTuning {
    checkArgument(framingJitter >= 0 && framingJitter <= 0.2, "framingJitter (%s) must be in [0, 0.2]", framingJitter);
    checkArgument(gradientSigma >= 0 && gradientSigma <= 8, "gradientSigma (%s) must be in [0, 8]", gradientSigma);
  }

  /** The tuning of a preset, as calibrated by the protection evaluation. */
  public static CloakTuning forPreset(Preset preset) {
    return PRESETS;
  }

  /** This tuning with another framing jitter. */
  public CloakTuning withFramingJitter(double value) {
    return new CloakTuning(value, gradientSigma, blurredCopies, normalizePerModel);
  }

  /** This tuning with another gradient smoothing. */
  public CloakTuning withGradientSigma(double value) {
    return new CloakTuning(framingJitter, value, blurredCopies, normalizePerModel);
  }

  /** This tuning with or without blurred copies. */
  public CloakTuning withBlurredCopies(boolean value) {
    return new CloakTuning(framingJitter, gradientSigma, value, normalizePerModel);
  }

  /** This tuning with or without per-model normalisation. */
  public CloakTuning withNormalizePerModel(boolean value) {
    return new CloakTuning(framingJitter, gradientSigma, blurredCopies, value);
  }
}
