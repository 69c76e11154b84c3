package dev.fawkes;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A face was found but could not be protected, and the configuration asked for every face
 * ({@link CloakConfig#requireAllFaces()}). The results of the call are kept, so that a caller can
 * see which face failed and why ({@link FaceCloak#status()}) without cloaking again; nothing was
 * written anywhere.
 */
public class UnprotectedFaceException extends FawkesException {
  private static final long serialVersionUID = 1L;
  /** Not serialized: the results hold images. */
  private final transient List<CloakResult> results;

  /**
   * Creates an exception with a message that names the photo and face, without results.
   *
   * @param message which face of which photo was not protected, and what to do
   */
  public UnprotectedFaceException(String message) {
    this(message, List.of());
  }

  /**
   * Creates an exception with a message and its cause, without results.
   *
   * @param message which face of which photo was not protected, and what to do
   * @param cause the failure that led to this one
   */
  public UnprotectedFaceException(String message, Throwable cause) {
    super(message, cause);
    this.results = List.of();
  }

  /**
   * Creates an exception with a message that names the photo and face, and the call's results.
   *
   * @param message which face of which photo was not protected, and what to do
   * @param results the results of the call, one per photo, in order
   */
  public UnprotectedFaceException(String message, List<CloakResult> results) {
    super(message);
    this.results = List.copyOf(requireNonNull(results, "results"));
  }

  /** {@return the call's results, one per photo in the order given; empty after deserialization} */
  public List<CloakResult> results() {
    return results == null ? List.of() : results;
  }
}
