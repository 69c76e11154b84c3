package dev.fawkes;

import static java.util.Objects.requireNonNull;

import dev.fawkes.quality.Visibility;
import java.time.Duration;
import java.util.Map;

/**
 * What the cloak did to one face.
 *
 * @param dssim the structural dissimilarity (1 - SSIM) / 2 of the cloaked face crop against the
 *     original, measured on the 8-bit output, as the optimizer's budget measures it; in [0, 1]
 * @param visibility how visible the cloak is on the face's canonical box of the returned photo
 *     ({@link Visibility#measure}): what the presets' visibility bounds are stated in
 * @param featureShift per extractor name, the cosine distance (1 - cosine similarity) between the
 *     embeddings of the original and the cloaked face; in [0, 2]
 * @param steps optimization steps run
 * @param time wall time spent on this face's batch, shared among the faces of the batch
 */
public record FaceCloak(double dssim, Visibility visibility, Map<String, Double> featureShift, int steps,
    Duration time) {
  /**
   * Validates and freezes the fields.
   *
   * @param dssim the structural dissimilarity of the cloaked face crop
   * @param visibility how visible the cloak is on the face's canonical box
   * @param featureShift per extractor name, the cosine distance
   * @param steps optimization steps run
   * @param time wall time spent on this face
   */
  public FaceCloak {
    requireNonNull(visibility, "visibility");
    requireNonNull(featureShift, "featureShift");
    requireNonNull(time, "time");
    // Kept in the ensemble's order.
    featureShift = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(featureShift));
  }
}
