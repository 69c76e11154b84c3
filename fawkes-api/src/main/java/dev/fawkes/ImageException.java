package dev.fawkes;

/** A photo cannot be used: unreadable, too small, too large, or of an unsupported kind. */
public class ImageException extends FawkesException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names the problem and what to do.
   *
   * @param message what went wrong and what to do
   */
  public ImageException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that names the problem, and its cause.
   *
   * @param message what went wrong and what to do
   * @param cause the failure that led to this one
   */
  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
