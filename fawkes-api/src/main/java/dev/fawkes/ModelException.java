package dev.fawkes;

/**
 * A face model could not be found, verified or imported: a missing or tampered model file, an
 * unsupported operation, or a user-supplied model whose input or output node does not exist.
 */
public class ModelException extends FawkesException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names the model and says what to do.
   *
   * @param message what went wrong and what to do
   */
  public ModelException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that names the model, and its cause.
   *
   * @param message what went wrong and what to do
   * @param cause the failure that led to this one
   */
  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
