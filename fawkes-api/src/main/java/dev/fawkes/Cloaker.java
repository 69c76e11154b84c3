package dev.fawkes;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Cloaks photos of one person against face recognition. Obtain one with
 * {@link Cloakers#create(CloakConfig)}:
 *
 * <pre>{@code
 * try (Cloaker cloaker = Cloakers.create(CloakConfig.preset(Preset.MID))) {
 *   TargetIdentity target = cloaker.chooseTarget(photosOfAlice); // store it with Alice
 *   List<CloakResult> results = cloaker.cloakAll(photosOfAlice, target);
 * }
 * }</pre>
 *
 * <p>All photos of one call belong to one person and are pushed toward one target identity.
 * Implementations are thread-safe: concurrent calls are served one at a time, in arrival order;
 * for parallel work, use one cloaker per thread. A cloaker holds native memory until
 * {@link #close()}; calls after close throw {@link IllegalStateException}.
 */
public interface Cloaker extends AutoCloseable {
  /** Cloaks one photo, choosing a target identity from it. */
  default CloakResult cloak(BufferedImage photo) {
    return cloakAll(List.of(photo)).get(0);
  }

  /** Cloaks one photo toward {@code target}. */
  default CloakResult cloak(BufferedImage photo, TargetIdentity target) {
    return cloakAll(List.of(photo), target).get(0);
  }

  /**
   * Cloaks photos of one person, choosing one target identity for all of them with
   * {@link #chooseTarget}.
   *
   * @throws NullPointerException if the list or a photo is null
   * @throws IllegalArgumentException if the list is empty
   * @throws ImageException if a photo cannot be used; no photo is cloaked then
   */
  List<CloakResult> cloakAll(List<BufferedImage> photos);

  /**
   * Cloaks photos of one person toward {@code target} (ignored by the untargeted strategy).
   *
   * @throws IllegalArgumentException if the list is empty or the target is not in this cloaker's pool
   * @throws ImageException if a photo cannot be used; no photo is cloaked then
   */
  List<CloakResult> cloakAll(List<BufferedImage> photos, TargetIdentity target);

  /**
   * Chooses a target identity for the person in {@code photos}, as in the Fawkes paper: one of the
   * identities whose features are farthest from the person's, at random with the configured seed.
   *
   * @throws IllegalArgumentException if no face is found in the photos
   */
  TargetIdentity chooseTarget(List<BufferedImage> photos);

  /** This cloaker's configuration. */
  CloakConfig config();

  /**
   * Releases native memory; idempotent. A call in progress is stopped at its next optimization step
   * and throws {@link BackendException}; close returns once it has left.
   */
  @Override
  void close();
}
