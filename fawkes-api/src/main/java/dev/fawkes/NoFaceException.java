package dev.fawkes;

/**
 * No face was found where one is needed: {@link Cloaker#chooseTarget} found none in any of the
 * photos. A photo without a face given to {@link Cloaker#cloakAll} is no error: it comes back
 * unchanged, with no face found.
 */
public class NoFaceException extends FawkesException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says where no face was found and what to do.
   *
   * @param message what went wrong and what to do
   */
  public NoFaceException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that says where no face was found, and its cause.
   *
   * @param message what went wrong and what to do
   * @param cause the failure that led to this one
   */
  public NoFaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
