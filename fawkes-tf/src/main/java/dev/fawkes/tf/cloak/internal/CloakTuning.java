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
 * @param cell with a luma cap, the side of the cloak's cells in pixels of the models' 112 px view:
 *     the change is optimized on a grid of such cells and interpolated (bilinearly) to the crop, so
 *     that it varies smoothly within SSIM's window, where the eye and DSSIM forgive it most, and costs
 *     the same whatever the face's size; 0 for a change per crop pixel
 * @param jointCaps with a luma cap, bound each pixel's change in Y, Cb and Cr together, inside the
 *     ellipsoid whose semi-axes are the caps, instead of each alone (a box): a pixel may not use its
 *     whole luma and chroma room at once, so its CIE76 colour difference has one bound (about
 *     0.4 per level of luma and 1.7 per level of chroma on skin tones) rather than the box corner's
 *     40% more
 */
public record CloakTuning(double framingJitter, double gradientSigma, boolean blurredCopies, boolean normalizePerModel,
    double lumaCap, double chromaCap, boolean textureMasking, double startNoise, boolean worstRegion, double cell,
    boolean jointCaps) {
  /** The optimizer without the transfer aids but the framing jitter: what the first sweep started from. */
  public static final CloakTuning DEFAULT = new CloakTuning(0.02, 0, false, false, 0, 0, false, 2, false, 0, false);
  /**
   * The presets before the visibility bounds (docs/evaluation.md): blurred copies, the one aid that
   * raised black-box protection in the first sweep, and an unbounded change under a DSSIM budget.
   */
  public static final CloakTuning UNBOUNDED = DEFAULT.toBuilder().blurredCopies(true).build();
  /**
   * What every preset shares (docs/evaluation.md, "Presets on the frontier"): blurred copies, the
   * DSSIM budget on the central half of the face too, and a start offset too small to be seen. The
   * presets add their caps ({@link #forPreset}).
   */
  public static final CloakTuning PRESETS = UNBOUNDED.toBuilder().worstRegion(true).startNoise(0.25).jointCaps(true)
      .build();

  /** Validates the values. */
  public CloakTuning {
    checkArgument(framingJitter >= 0 && framingJitter <= 0.2, "framingJitter (%s) must be in [0, 0.2]", framingJitter);
    checkArgument(gradientSigma >= 0 && gradientSigma <= 8, "gradientSigma (%s) must be in [0, 8]", gradientSigma);
    checkArgument(lumaCap >= 0 && lumaCap <= 255, "lumaCap (%s) must be in [0, 255]", lumaCap);
    checkArgument(chromaCap >= 0 && chromaCap <= 255, "chromaCap (%s) must be in [0, 255]", chromaCap);
    checkArgument(startNoise >= 0 && startNoise <= 16, "startNoise (%s) must be in [0, 16]", startNoise);
    checkArgument(cell == 0 || (cell >= 1 && cell <= 16), "cell (%s) must be 0 or in [1, 16]", cell);
  }

  /**
   * The tuning of a preset, as calibrated on the frontier of the protection evaluation: joint
   * per-pixel caps whose colour difference stays within the preset's ΔE bound on skin tones.
   */
  public static CloakTuning forPreset(Preset preset) {
    return switch (preset) {
      case LOW -> PRESETS.toBuilder().caps(5.5, 1.4).build();
      case MID -> PRESETS.toBuilder().caps(12, 2.8).build();
      case HIGH -> PRESETS.toBuilder().caps(24, 5.5).build();
    };
  }

  /** {@return whether the change is bounded per pixel in Y, Cb and Cr} */
  public boolean capped() {
    return lumaCap > 0;
  }

  /** {@return a builder that starts from this tuning} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a changed {@link CloakTuning}; each setter names the component it sets. Not thread-safe. */
  public static final class Builder {
    private double framingJitter;
    private double gradientSigma;
    private boolean blurredCopies;
    private boolean normalizePerModel;
    private double lumaCap;
    private double chromaCap;
    private boolean textureMasking;
    private double startNoise;
    private boolean worstRegion;
    private double cell;
    private boolean jointCaps;

    private Builder(CloakTuning from) {
      framingJitter = from.framingJitter;
      gradientSigma = from.gradientSigma;
      blurredCopies = from.blurredCopies;
      normalizePerModel = from.normalizePerModel;
      lumaCap = from.lumaCap;
      chromaCap = from.chromaCap;
      textureMasking = from.textureMasking;
      startNoise = from.startNoise;
      worstRegion = from.worstRegion;
      cell = from.cell;
      jointCaps = from.jointCaps;
    }

    /** See {@link CloakTuning#framingJitter()}. */
    public Builder framingJitter(double value) {
      framingJitter = value;
      return this;
    }

    /** See {@link CloakTuning#gradientSigma()}. */
    public Builder gradientSigma(double value) {
      gradientSigma = value;
      return this;
    }

    /** See {@link CloakTuning#blurredCopies()}. */
    public Builder blurredCopies(boolean value) {
      blurredCopies = value;
      return this;
    }

    /** See {@link CloakTuning#normalizePerModel()}. */
    public Builder normalizePerModel(boolean value) {
      normalizePerModel = value;
      return this;
    }

    /** Per-pixel caps on luma and chroma, in levels; a luma cap of 0 removes them. */
    public Builder caps(double luma, double chroma) {
      lumaCap = luma;
      chromaCap = chroma;
      return this;
    }

    /** See {@link CloakTuning#lumaCap()}. */
    public Builder lumaCap(double value) {
      lumaCap = value;
      return this;
    }

    /** See {@link CloakTuning#chromaCap()}. */
    public Builder chromaCap(double value) {
      chromaCap = value;
      return this;
    }

    /** See {@link CloakTuning#textureMasking()}. */
    public Builder textureMasking(boolean value) {
      textureMasking = value;
      return this;
    }

    /** See {@link CloakTuning#startNoise()}. */
    public Builder startNoise(double value) {
      startNoise = value;
      return this;
    }

    /** See {@link CloakTuning#worstRegion()}. */
    public Builder worstRegion(boolean value) {
      worstRegion = value;
      return this;
    }

    /** See {@link CloakTuning#cell()}. */
    public Builder cell(double value) {
      cell = value;
      return this;
    }

    /** See {@link CloakTuning#jointCaps()}. */
    public Builder jointCaps(boolean value) {
      jointCaps = value;
      return this;
    }

    /** Validates and builds. */
    public CloakTuning build() {
      return new CloakTuning(framingJitter, gradientSigma, blurredCopies, normalizePerModel, lumaCap, chromaCap,
          textureMasking, startNoise, worstRegion, cell, jointCaps);
    }
  }
}
