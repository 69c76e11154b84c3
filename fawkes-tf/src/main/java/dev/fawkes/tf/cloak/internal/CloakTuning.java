package dev.fawkes.tf.cloak.internal;

import static com.google.common.base.Preconditions.checkArgument;

import dev.fawkes.Preset;

/**
 * How the optimization looks for a cloak: the knobs the protection evaluation sweeps (see
 * docs/evaluation.md). The presets use {@link #forPreset}; other values are for experiments.
 * Immutable.
 *
 * <p>Transfer to recognisers the cloak never saw:
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
 * @param lumaCap the largest change of a pixel's luma (BT.601 Y), in levels of 255; the cloak is
 *     then optimized as a bounded change in Y, Cb and Cr added to the face. 0 for the unbounded
 *     parametrization of the pixels themselves (tanh space), which only the DSSIM budget limits
 * @param chromaCap the largest change of a pixel's Cb and Cr, in levels of 255, with a luma cap:
 *     colour fringes are what people notice first, so colour gets less room than brightness
 * @param textureMasking with a luma cap, scale each pixel's caps by the local contrast of the face
 *     (0.5x on flat skin to 2x in hair and texture), where a change hides
 * @param startNoise amplitude of the random start offset, in levels of 255: the untargeted loss has a
 *     zero gradient at the clean face, and Adam needs only a tiny offset to leave it
 * @param worstRegion hold the DSSIM budget on the central half of the face box too, where the models
 *     look and the cloak concentrates, not only on the whole box and crop
 */
public record CloakTuning(double framingJitter, double gradientSigma, boolean blurredCopies, boolean normalizePerModel,
    double lumaCap, double chromaCap, boolean textureMasking, double startNoise, boolean worstRegion) {
  /** The optimizer without the transfer aids but the framing jitter: what the first sweep started from. */
  public static final CloakTuning DEFAULT = new CloakTuning(0.02, 0, false, false, 0, 0, false, 2, false);
  /**
   * The presets before the visibility bounds (docs/evaluation.md): blurred copies, the one aid that
   * raised black-box protection in the first sweep, and an unbounded change under a DSSIM budget.
   */
  public static final CloakTuning UNBOUNDED = DEFAULT.withBlurredCopies(true);
  /** What the presets use. */
  public static final CloakTuning PRESETS = UNBOUNDED;

  /** Validates the values. */
  public CloakTuning {
    checkArgument(framingJitter >= 0 && framingJitter <= 0.2, "framingJitter (%s) must be in [0, 0.2]", framingJitter);
    checkArgument(gradientSigma >= 0 && gradientSigma <= 8, "gradientSigma (%s) must be in [0, 8]", gradientSigma);
    checkArgument(lumaCap >= 0 && lumaCap <= 255, "lumaCap (%s) must be in [0, 255]", lumaCap);
    checkArgument(chromaCap >= 0 && chromaCap <= 255, "chromaCap (%s) must be in [0, 255]", chromaCap);
    checkArgument(startNoise >= 0 && startNoise <= 16, "startNoise (%s) must be in [0, 16]", startNoise);
  }

  /** The tuning of a preset, as calibrated by the protection evaluation. */
  public static CloakTuning forPreset(Preset preset) {
    return PRESETS;
  }

  /** {@return whether the change is bounded per pixel in Y, Cb and Cr} */
  public boolean capped() {
    return lumaCap > 0;
  }

  /** This tuning with another framing jitter. */
  public CloakTuning withFramingJitter(double value) {
    return new CloakTuning(value, gradientSigma, blurredCopies, normalizePerModel, lumaCap, chromaCap, textureMasking,
        startNoise, worstRegion);
  }

  /** This tuning with another gradient smoothing. */
  public CloakTuning withGradientSigma(double value) {
    return new CloakTuning(framingJitter, value, blurredCopies, normalizePerModel, lumaCap, chromaCap, textureMasking,
        startNoise, worstRegion);
  }

  /** This tuning with or without blurred copies. */
  public CloakTuning withBlurredCopies(boolean value) {
    return new CloakTuning(framingJitter, gradientSigma, value, normalizePerModel, lumaCap, chromaCap, textureMasking,
        startNoise, worstRegion);
  }

  /** This tuning with or without per-model normalisation. */
  public CloakTuning withNormalizePerModel(boolean value) {
    return new CloakTuning(framingJitter, gradientSigma, blurredCopies, value, lumaCap, chromaCap, textureMasking,
        startNoise, worstRegion);
  }

  /** This tuning with per-pixel caps on luma and chroma, in levels; a luma cap of 0 removes them. */
  public CloakTuning withCaps(double luma, double chroma) {
    return new CloakTuning(framingJitter, gradientSigma, blurredCopies, normalizePerModel, luma, chroma, textureMasking,
        startNoise, worstRegion);
  }

  /** This tuning with or without texture masking of the caps. */
  public CloakTuning withTextureMasking(boolean value) {
    return new CloakTuning(framingJitter, gradientSigma, blurredCopies, normalizePerModel, lumaCap, chromaCap, value,
        startNoise, worstRegion);
  }

  /** This tuning with another start offset, in levels. */
  public CloakTuning withStartNoise(double value) {
    return new CloakTuning(framingJitter, gradientSigma, blurredCopies, normalizePerModel, lumaCap, chromaCap,
        textureMasking, value, worstRegion);
  }

  /** This tuning with or without the central half of the face box in the DSSIM budget. */
  public CloakTuning withWorstRegion(boolean value) {
    return new CloakTuning(framingJitter, gradientSigma, blurredCopies, normalizePerModel, lumaCap, chromaCap,
        textureMasking, startNoise, value);
  }
}
