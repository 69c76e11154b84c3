package dev.fawkes;

/**
 * A call was stopped because its thread was interrupted ({@link Thread#interrupt()}, or
 * {@link java.util.concurrent.Future#cancel(boolean) Future.cancel(true)} on the task making it).
 * A cloaker checks its thread's interrupt flag while it waits for the cloaker, between photos and
 * at every optimization step; when it finds the flag set, it stops, returns no photo, and throws
 * this exception with the flag still set, so that the code around the call sees the interruption
 * too. The cloaker stays usable: a later call on a thread that is not interrupted cloaks as usual.
 */
public class CloakInterruptedException extends FawkesException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names the call and what it left undone.
   *
   * @param message what was interrupted and what to do
   */
  public CloakInterruptedException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that names the call and what it left undone, and its cause.
   *
   * @param message what was interrupted and what to do
   * @param cause the failure that led to this one, such as an {@link InterruptedException}
   */
  public CloakInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
