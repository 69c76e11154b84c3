package dev.fawkes;

import static java.util.Objects.requireNonNull;

import dev.fawkes.quality.Visibility;
import java.awt.Rectangle;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the cloak did to one face found in a photo. Every measure is taken on the returned photo
 * (the pixels a caller saves, at full resolution), not on the crop the optimizer saw.
 *
 * @param status whether the face is protected, and if not, why
 * @param box the face's canonical box in photo pixels: where the face is and where {@code
 *     visibility} is measured
 * @param score the detector's confidence in [0, 1]; 1 where no detector was involved
 * @param visibility how visible the cloak is on {@code box} of the returned photo
 *     ({@link Visibility#measure}); all zero for a face left unchanged
 * @param featureShift per extractor name, the cosine distance (1 - cosine similarity) between the
 *     embeddings of the original face and the face as returned, in [0, 2]; empty for a face that
 *     was too small to cloak
 * @param steps optimization steps run; 0 for a face that was too small to cloak
 * @param time wall time spent on this face's batch, shared among the faces of the batch
 */
public record FaceCloak(Status status, Rectangle box, double score, Visibility visibility,
    Map<String, Double> featureShift, int steps, Duration time) {
  /** Whether a face is protected. */
  public enum Status {
    /** Cloaked within the budget, measured on the returned photo. */
    PROTECTED,
    /**
     * Left unchanged: no cloak within the DSSIM budget was found (or the one found could not be kept
     * within it on the photo). A higher preset or more steps may reach one.
     */
    BUDGET_NOT_REACHED,
    /**
     * Left unchanged: the face's canonical box is smaller than {@link CloakConfig#minFaceSide()}
     * (at least {@link #MIN_FACE_SIDE}) pixels, too small to cloak.
     */
    TOO_SMALL;

    /** {@return the status as reports spell it: {@code protected}, {@code budget-not-reached}, {@code too-small}} */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * The smallest canonical box side, in photo pixels, of a face that can be cloaked: the visibility
   * measure's 11-pixel SSIM windows need room in the box's central half.
   */
  public static final int MIN_FACE_SIDE = 32;

  /**
   * Validates and freezes the fields.
   *
   * @param status whether the face is protected
   * @param box the face's canonical box in photo pixels
   * @param score the detector's confidence
   * @param visibility how visible the cloak is on the box
   * @param featureShift per extractor name, the cosine distance
   * @param steps optimization steps run
   * @param time wall time spent on this face
   */
  public FaceCloak {
    requireNonNull(status, "status");
    requireNonNull(box, "box");
    requireNonNull(visibility, "visibility");
    requireNonNull(featureShift, "featureShift");
    requireNonNull(time, "time");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score (" + score + ") must be in [0, 1]");
    }
    box = new Rectangle(box);
    // Kept in the ensemble's order.
    featureShift = Collections.unmodifiableMap(new LinkedHashMap<>(featureShift));
  }

  /** {@return whether the face is protected} */
  public boolean isProtected() {
    return status == Status.PROTECTED;
  }

  /**
   * {@return the worst-region DSSIM of the face on the returned photo: what the configured budget
   * ({@link CloakConfig#dssimBudget()}) holds}
   */
  public double dssim() {
    return visibility.worstRegionDssim();
  }

  /** {@return a copy of the face's canonical box} */
  @Override
  public Rectangle box() {
    return new Rectangle(box);
  }
}
