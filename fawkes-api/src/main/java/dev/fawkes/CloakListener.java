package dev.fawkes;

import java.util.List;

/**
 * Told how far a call of {@link Cloaker#cloakAll(List, CloakListener)} has got, for a progress bar or
 * a log line. It is given to each call that is to report.
 *
 * <p>The cloaker calls it on the thread that made the call, while the call holds the cloaker: when
 * each {@link CloakProgress.Stage stage} starts, after each photo of detection and of writing,
 * after every optimization step of every batch, and last, with {@link CloakProgress#fraction()} 1,
 * once the results are ready. A call that fails sends no such last event.
 *
 * <p>It must be quick, well under one optimization step (from about 10 ms to over a second on a
 * CPU): the call waits for it, and so does every other call waiting for the cloaker. An exception
 * it throws ends the call: the exception reaches the caller unchanged (it is not wrapped), no
 * photo of the call is returned, and the cloaker stays usable. To stop a call from another thread,
 * interrupt the thread that makes it instead (see {@link CloakInterruptedException}).
 *
 * <pre>{@code
 * cloaker.cloakAll(photos, p -> bar.setValue((int) (100 * p.fraction())));
 * }</pre>
 */
@FunctionalInterface
public interface CloakListener {
  /**
   * Receives one progress event of the call.
   *
   * @param progress where the call is; over a call, its {@link CloakProgress#fraction()} never
   *     decreases
   */
  void onProgress(CloakProgress progress);
}
