package dev.fawkes;

import static java.util.Objects.requireNonNull;

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
 * <p>All photos of one call belong to one person and are pushed toward one target identity. A photo
 * in which no face is found is no error: its result is an unchanged copy with no face found.
 * Implementations are thread-safe: concurrent calls are served one at a time, in arrival order;
 * for parallel work, use one cloaker per thread. A long call reports its progress to a
 * {@link CloakListener} and stops when its thread is interrupted
 * ({@link CloakInterruptedException}), leaving the cloaker usable. A cloaker holds native memory
 * until {@link #close()}; calls after close, but for {@link #config()} and {@link #close()}, throw
 * {@link IllegalStateException}.
 *
 * <p>Exceptions follow the package's rule: a null argument, an empty list and use after close are
 * programming errors ({@link NullPointerException}, {@link IllegalArgumentException},
 * {@link IllegalStateException}); everything about the photos, their faces, the models and the
 * backend is a {@link FawkesException}. {@code dev.fawkes.testing.CloakerContract} in the
 * {@code fawkes-api} test jar checks an implementation against this contract.
 */
public interface Cloaker extends AutoCloseable {
  /**
   * Cloaks one photo, choosing a target identity from it.
   *
   * @param photo the photo
   * @return the result
   * @throws NullPointerException if the photo is null
   * @throws ImageException if the photo cannot be used
   * @throws IllegalStateException if this cloaker is closed
   * @throws CloakInterruptedException if the calling thread is interrupted before or during the call
   */
  default CloakResult cloak(BufferedImage photo) {
    return cloakAll(List.of(requireNonNull(photo, "photo"))).get(0);
  }

  /**
   * Cloaks one photo toward {@code target} (ignored by the untargeted strategy).
   *
   * @param photo the photo
   * @param target the identity to push toward, from {@link #chooseTarget}
   * @return the result
   * @throws NullPointerException if the photo or the target is null
   * @throws IllegalArgumentException if the target is not in this cloaker's pool
   * @throws ImageException if the photo cannot be used
   * @throws IllegalStateException if this cloaker is closed
   * @throws CloakInterruptedException if the calling thread is interrupted before or during the call
   */
  default CloakResult cloak(BufferedImage photo, TargetIdentity target) {
    return cloakAll(List.of(requireNonNull(photo, "photo")), requireNonNull(target, "target")).get(0);
  }

  /**
   * Cloaks photos of one person, choosing one target identity for all of them with
   * {@link #chooseTarget} where the photos have a face.
   *
   * @param photos photos of one person
   * @return one result per photo, in the order of the photos
   * @throws NullPointerException if the list or a photo is null
   * @throws IllegalArgumentException if the list is empty
   * @throws ImageException if a photo cannot be used; no photo is cloaked then
   * @throws IllegalStateException if this cloaker is closed
   * @throws CloakInterruptedException if the calling thread is interrupted before or during the call
   * @throws BackendException if the computation fails or the cloaker is closed during the call
   */
  default List<CloakResult> cloakAll(List<BufferedImage> photos) {
    return cloakAll(photos, progress -> { });
  }

  /**
   * Cloaks photos of one person toward {@code target} (ignored by the untargeted strategy).
   *
   * @param photos photos of one person
   * @param target the identity to push toward, from {@link #chooseTarget}
   * @return one result per photo, in the order of the photos
   * @throws NullPointerException if the list, a photo or the target is null
   * @throws IllegalArgumentException if the list is empty or the target is not in this cloaker's pool
   * @throws ImageException if a photo cannot be used; no photo is cloaked then
   * @throws IllegalStateException if this cloaker is closed
   * @throws CloakInterruptedException if the calling thread is interrupted before or during the call
   * @throws BackendException if the computation fails or the cloaker is closed during the call
   */
  default List<CloakResult> cloakAll(List<BufferedImage> photos, TargetIdentity target) {
    return cloakAll(photos, target, progress -> { });
  }

  /**
   * Cloaks photos of one person as {@link #cloakAll(List)} does, telling {@code listener} how far
   * the call has got (see {@link CloakListener} for when). The call honours interruption: when the
   * calling thread is interrupted, while it waits for this cloaker or at its next progress event,
   * it throws {@link CloakInterruptedException} with the thread's interrupt flag left set.
   *
   * <pre>{@code
   * Future<List<CloakResult>> call = executor.submit(() -> cloaker.cloakAll(photos, p -> log(p)));
   * call.cancel(true); // the call stops within about one optimization step; the cloaker stays usable
   * }</pre>
   *
   * @param photos photos of one person
   * @param listener told of the call's progress, on the calling thread
   * @return one result per photo, in the order of the photos
   * @throws NullPointerException if the list, a photo or the listener is null
   * @throws IllegalArgumentException if the list is empty
   * @throws ImageException if a photo cannot be used; no photo is cloaked then
   * @throws IllegalStateException if this cloaker is closed
   * @throws CloakInterruptedException if the calling thread is interrupted before or during the
   *     call; no photo is cloaked then
   * @throws BackendException if the computation fails or the cloaker is closed during the call
   * @throws RuntimeException what the listener throws, unchanged; no photo is cloaked then
   */
  List<CloakResult> cloakAll(List<BufferedImage> photos, CloakListener listener);

  /**
   * Cloaks photos of one person toward {@code target} as {@link #cloakAll(List, TargetIdentity)}
   * does, telling {@code listener} how far the call has got; interruption is honoured as in
   * {@link #cloakAll(List, CloakListener)}.
   *
   * @param photos photos of one person
   * @param target the identity to push toward, from {@link #chooseTarget}
   * @param listener told of the call's progress, on the calling thread
   * @return one result per photo, in the order of the photos
   * @throws NullPointerException if the list, a photo, the target or the listener is null
   * @throws IllegalArgumentException if the list is empty or the target is not in this cloaker's pool
   * @throws ImageException if a photo cannot be used; no photo is cloaked then
   * @throws IllegalStateException if this cloaker is closed
   * @throws CloakInterruptedException if the calling thread is interrupted before or during the
   *     call; no photo is cloaked then
   * @throws BackendException if the computation fails or the cloaker is closed during the call
   * @throws RuntimeException what the listener throws, unchanged; no photo is cloaked then
   */
  List<CloakResult> cloakAll(List<BufferedImage> photos, TargetIdentity target, CloakListener listener);

  /**
   * Chooses a target identity for the person in {@code photos}, as in the Fawkes paper: one of the
   * identities whose features are farthest from the person's, at random with the configured seed.
   *
   * @param photos photos of one person
   * @return the identity; store it with the person
   * @throws NullPointerException if the list or a photo is null
   * @throws IllegalArgumentException if the list is empty
   * @throws ImageException if a photo cannot be used
   * @throws NoFaceException if no face is found in the photos
   * @throws IllegalStateException if this cloaker is closed
   * @throws CloakInterruptedException if the calling thread is interrupted before or during the call
   * @throws BackendException if the computation fails or the cloaker is closed during the call
   */
  TargetIdentity chooseTarget(List<BufferedImage> photos);

  /** {@return this cloaker's configuration; answers after {@link #close()} too} */
  CloakConfig config();

  /**
   * Releases native memory; idempotent. A call in progress is stopped at its next optimization step
   * and throws {@link BackendException}; close returns once it has left.
   */
  @Override
  void close();
}
