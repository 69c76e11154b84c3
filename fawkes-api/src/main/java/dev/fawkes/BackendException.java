package dev.fawkes;

/**
 * The compute backend failed: its native library did not load, or a computation on it failed.
 */
public class BackendException extends FawkesException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that says what to do.
   *
   * @param message what went wrong and what to do
   */
  public BackendException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that says what to do, and its cause.
   *
   * @param message what went wrong and what to do
   * @param cause the failure that led to this one
   */
  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
