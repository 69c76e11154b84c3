package dev.fawkes;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How far a call of {@link Cloaker#cloakAll(List, CloakListener)} has got: the stage it is in, how
 * much of that stage is done, and {@link #fraction()}, the share of the whole call done.
 *
 * <p>A call goes through the three {@link Stage stages} in order, every one of them even with
 * nothing to do, and reports each when it starts ({@code done} 0) and after each of its units. Over
 * a call {@code fraction()} never decreases; the last event of a call that succeeds is
 * {@code (WRITING, photos, photos)}, whose fraction is 1.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stage the stage the call is in
 * @param done the units of the stage done, from 0 to {@code total}
 * @param total the units of the stage: the photos of the call for {@link Stage#DETECTING} and
 *     {@link Stage#WRITING}; for {@link Stage#OPTIMIZING}, the steps of all batches of faces
 *     (batches times {@link CloakConfig#maxSteps()}), 0 when no face is to be cloaked
 */
public record CloakProgress(Stage stage, int done, int total) {
  /**
   * Checks the values.
   *
   * @param stage the stage the call is in
   * @param done the units of the stage done
   * @param total the units of the stage
   * @throws NullPointerException if the stage is null
   * @throws IllegalArgumentException if {@code done} is not in {@code [0, total]}
   */
  public CloakProgress {
    requireNonNull(stage, "stage");
    if (done < 0 || done > total) {
      throw new IllegalArgumentException("done (" + done + ") must be in [0, total (" + total + ")]");
    }
  }

  /**
   * {@return the share of the call done, in [0, 1]: the shares of the stages before this one, plus
   * this stage's share times {@code done / total} (all of it when {@code total} is 0)} The shares
   * are fixed estimates of where a call spends its time on a CPU (see {@link Stage}); use the
   * fraction to place a progress bar, not to predict a time.
   */
  public double fraction() {
    if (done == total) {
      return stage.to;
    }
    return Math.min(stage.to, stage.from + (stage.to - stage.from) * done / total);
  }

  /** The stages of a call, in the order a call goes through them, each with its share of {@link #fraction()}. */
  public enum Stage {
    /** Finding and aligning the faces of each photo; a unit is a photo. The first 5% of a call. */
    DETECTING(0, 0.05),
    /** Optimizing the cloaks, batch after batch; a unit is one step of one batch. The next 90%. */
    OPTIMIZING(0.05, 0.95),
    /**
     * Writing the cloaks into copies of the photos and measuring them; a unit is a photo, the last
     * one done once the results are ready. The last 5%.
     */
    WRITING(0.95, 1);

    private final double from;
    private final double to;

    Stage(double from, double to) {
      this.from = from;
      this.to = to;
    }
  }
}
