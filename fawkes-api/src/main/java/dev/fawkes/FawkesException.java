package dev.fawkes;

/**
 * The root of the library's exceptions. All are unchecked: a caller that can act on a failure catches
 * the subtype that names it, and every message says what went wrong and what to do about it.
 */
public class FawkesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what to do.
   *
   * @param message what went wrong and what to do
   */
  public FawkesException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that says what to do, and its cause.
   *
   * @param message what went wrong and what to do
   * @param cause the failure that led to this one
   */
  public FawkesException(String message, Throwable cause) {
    super(message, cause);
  }
}
