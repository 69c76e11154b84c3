package dev.fawkes.serve;

import dev.fawkes.CloakConfig;
import dev.fawkes.CloakInterruptedException;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.FawkesException;
import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import dev.fawkes.photo.OutputNames;
import dev.fawkes.photo.Photo;
import dev.fawkes.photo.Photos;
import dev.fawkes.photo.WriteOptions;
import dev.fawkes.report.PhotoReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs jobs one at a time on one thread, from a bounded queue. A cloaker serves its calls one at a
 * time anyway, so one worker thread loses nothing, and the queue bounds the memory that waiting
 * uploads hold. One cloaker is held, that of the last mode used; a job of another mode replaces
 * it (about a second), so that memory holds one set of models, not three. Thread-safe.
 */
final class CloakWorker implements AutoCloseable {
  private final Function<CloakConfig, Cloaker> factory;
  private final long maxPixels;
  private final Duration timeLimit;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService timer;
  /** Touched by the worker thread only, and by close once the worker has stopped. */
  private Cloaker cloaker;
  /** Mean seconds of a job so far, for Retry-After; starts at a guess of 5 s. */
  private volatile double meanJobSeconds = 5;
  private volatile int running;
  /** The job the worker runs, guarded by this: the time limit interrupts only while it runs. */
  private Job current;

  CloakWorker(Function<CloakConfig, Cloaker> factory, Preset initial, int queueSize, long maxPixels, Duration timeLimit) {
    this.factory = factory;
    this.maxPixels = maxPixels;
    this.timeLimit = timeLimit;
    this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize),
        r -> daemon(r, "fawkes-serve-worker"), new ThreadPoolExecutor.AbortPolicy());
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fawkes-serve-time-limit"));
    // Loaded before the first request, so that it does not wait for the models.
    this.cloaker = factory.apply(config(initial, Strategy.UNTARGETED));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Queues a job.
   *
   * @throws RejectedExecutionException when the queue is full or the worker is shut down
   */
  void submit(Job job) {
    Future<?> f = executor.submit(() -> run(job));
    job.running(f);
  }

  /** Cancels a job; a queued one leaves the queue at once, making room. */
  void cancel(Job job) {
    job.cancel();
    executor.purge(); // the executor keeps cancelled tasks queued until their turn otherwise
  }

  /** Jobs waiting. */
  int queued() {
    return executor.getQueue().size();
  }

  /** Jobs being cloaked (0 or 1). */
  int running() {
    return running;
  }

  /** A fair wait before retrying a refused request: the queue's jobs at the mean pace so far. */
  long retryAfterSeconds() {
    return Math.max(1, Math.round((queued() + 1) * meanJobSeconds));
  }

  private void run(Job job) {
    if (job.isOver()) {
      return; // cancelled while queued
    }
    running = 1;
    job.started();
    long t0 = System.nanoTime();
    Thread worker = Thread.currentThread();
    synchronized (this) {
      current = job;
    }
    ScheduledFuture<?> limit = timer.schedule(() -> {
      job.end(Job.State.FAILED, "took longer than the time limit of " + timeLimit.toMillis() / 1000.0
          + " s; send fewer or smaller photos, or raise the limit");
      synchronized (this) {
        if (current == job) { // never the next job's thread
          worker.interrupt();
        }
      }
    }, timeLimit.toMillis(), TimeUnit.MILLISECONDS);
    try {
      Strategy strategy = job.target == null ? Strategy.UNTARGETED : Strategy.TARGETED;
      if (cloaker == null || cloaker.config().preset() != job.preset || cloaker.config().strategy() != strategy) {
        if (cloaker != null) {
          cloaker.close();
          cloaker = null; // a failed load leaves none, and the next job tries again
        }
        cloaker = factory.apply(config(job.preset, strategy));
      }
      for (int i = 0; i < job.uploads.size() && !job.isOver(); i++) {
        cloakOne(job, i);
      }
      job.end(Job.State.DONE, null);
    } catch (CloakInterruptedException e) {
      job.end(Job.State.CANCELLED, "cancelled");
    } catch (RuntimeException e) {
      job.end(Job.State.FAILED, String.valueOf(e.getMessage()));
    } finally {
      limit.cancel(false);
      synchronized (this) {
        current = null;
      }
      Thread.interrupted(); // an interrupt that came as the job ended must not reach the next one
      running = 0;
      meanJobSeconds = 0.8 * meanJobSeconds + 0.2 * (System.nanoTime() - t0) / 1e9;
    }
  }

  /** Cloaks one photo of a job; a photo that cannot be used fails alone, as in the command line. */
  private void cloakOne(Job job, int index) {
    Job.Upload upload = job.uploads.get(index);
    long t0 = System.nanoTime();
    Map<String, Object> entry;
    String outputName = null;
    byte[] output = null;
    try {
      Photo photo = Photos.decode(upload.bytes, upload.name, maxPixels);
      upload.bytes = null;
      List<CloakResult> results = job.target == null
          ? cloaker.cloakAll(List.of(photo.image()), p -> job.progress(index, p.fraction()))
          : cloaker.cloakAll(List.of(photo.image()), job.target, p -> job.progress(index, p.fraction()));
      CloakResult result = results.get(0);
      entry = PhotoReport.cloaked(upload.name, result);
      // No face: the copy (pixels unchanged, private metadata dropped) is offered all the same, and
      // the report says no-face; the page shows a note.
      outputName = OutputNames.cloaked(upload.name, job.format);
      output = Photos.encode(photo.withImage(result.image()), outputName, WriteOptions.defaults());
      entry.put("output", outputName);
    } catch (CloakInterruptedException e) {
      throw e;
    } catch (FawkesException | IllegalArgumentException e) {
      entry = PhotoReport.failed(upload.name, e.getMessage());
      upload.bytes = null;
    }
    entry.put("seconds", (System.nanoTime() - t0) / 1e9);
    job.photoDone(index, entry, outputName, output);
  }

  private static CloakConfig config(Preset preset, Strategy strategy) {
    return CloakConfig.builder(preset).strategy(strategy).build();
  }

  /**
   * Stops taking jobs, lets the running and queued ones finish within {@code grace}, then cancels
   * what is left (each ends cancelled) and closes the cloaker.
   */
  void shutdown(Duration grace) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        for (Runnable r : executor.shutdownNow()) {
          if (r instanceof Future<?> f) {
            f.cancel(false);
          }
        }
        executor.awaitTermination(1, TimeUnit.MINUTES);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
    if (cloaker != null) {
      cloaker.close();
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }
}
