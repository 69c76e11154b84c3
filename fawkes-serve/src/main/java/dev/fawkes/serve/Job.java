package dev.fawkes.serve;

import dev.fawkes.Preset;
import dev.fawkes.TargetIdentity;
import dev.fawkes.photo.OutputFormat;
import dev.fawkes.report.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One request's photos on their way through the worker: the uploads (in memory only), each photo's
 * progress, report entry and cloaked bytes. The worker thread writes it, request threads read it;
 * every method is synchronized, so a reader sees a consistent state.
 */
final class Job {
  /** Where a job is. */
  enum State {
    QUEUED, RUNNING, DONE, CANCELLED, FAILED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One uploaded photo. */
  static final class Upload {
    final String name;
    byte[] bytes; // let go once decoded
    double fraction;
    Map<String, Object> entry;
    String outputName;
    byte[] output;

    Upload(String name, byte[] bytes) {
      this.name = name;
      this.bytes = bytes;
    }
  }

  final String id;
  final Preset preset;
  final TargetIdentity target;
  final OutputFormat format;
  final List<Upload> uploads;
  /** Completes when the job ends, whatever the end. */
  final CompletableFuture<Job> done = new CompletableFuture<>();
  private State state = State.QUEUED;
  private String error;
  private long startedNanos;
  private long endedNanos;
  private Future<?> running;
  private volatile long finishedAtMillis;

  Job(String id, Preset preset, TargetIdentity target, OutputFormat format, List<Upload> uploads) {
    this.id = id;
    this.preset = preset;
    this.target = target;
    this.format = format;
    this.uploads = List.copyOf(uploads);
  }

  synchronized void started() {
    state = State.RUNNING;
    startedNanos = System.nanoTime();
  }

  synchronized void progress(int photo, double fraction) {
    uploads.get(photo).fraction = fraction;
  }

  synchronized void photoDone(int photo, Map<String, Object> entry, String outputName, byte[] output) {
    Upload u = uploads.get(photo);
    u.fraction = 1;
    u.entry = entry;
    u.outputName = outputName;
    u.output = output;
  }

  /** Ends the job; the first end wins (a cancel racing the last photo, say). */
  synchronized void end(State end, String message) {
    if (isOver()) {
      return;
    }
    state = end;
    error = message;
    endedNanos = System.nanoTime();
    finishedAtMillis = System.currentTimeMillis();
    running = null;
    done.complete(this);
  }

  synchronized boolean isOver() {
    return state != State.QUEUED && state != State.RUNNING;
  }

  synchronized State state() {
    return state;
  }

  synchronized String error() {
    return error;
  }

  synchronized void running(Future<?> future) {
    running = future;
  }

  /** Cancels a queued or running job: a running cloak stops at its next step. */
  void cancel() {
    Future<?> f;
    synchronized (this) {
      f = running;
    }
    if (f != null) {
      f.cancel(true);
    }
    end(State.CANCELLED, "cancelled");
  }

  long finishedAtMillis() {
    return finishedAtMillis;
  }

  /** The share of the job done, in [0, 1]: the mean of its photos'. */
  synchronized double fraction() {
    return uploads.stream().mapToDouble(u -> u.fraction).sum() / uploads.size();
  }

  /** The status the page polls: state, progress, the estimate of the time left, and each photo's entry. */
  synchronized Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", id);
    s.put("state", state.label());
    s.put("mode", preset.name().toLowerCase(java.util.Locale.ROOT));
    double fraction = fraction();
    s.put("fraction", fraction);
    double elapsed = startedNanos == 0 ? 0 : ((endedNanos == 0 ? System.nanoTime() : endedNanos) - startedNanos) / 1e9;
    s.put("elapsedSeconds", elapsed);
    // The time left at the pace so far; unknown (null) until a tenth is done.
    s.put("etaSeconds", state == State.RUNNING && fraction >= 0.1 ? elapsed * (1 - fraction) / fraction : null);
    if (error != null) {
      s.put("error", error);
    }
    List<Map<String, Object>> photos = new ArrayList<>();
    for (int i = 0; i < uploads.size(); i++) {
      Upload u = uploads.get(i);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("index", i);
      p.put("name", u.name);
      p.put("fraction", u.fraction);
      p.put("output", u.outputName);
      p.put("report", u.entry);
      photos.add(p);
    }
    s.put("photos", photos);
    return s;
  }

  /** The report of every photo, as the command line's {@code --report} writes it. */
  synchronized Map<String, Object> report() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mode", preset.name().toLowerCase(java.util.Locale.ROOT));
    json.put("target", target == null ? "none (untargeted)" : target.toString());
    List<Map<String, Object>> files = new ArrayList<>();
    for (Upload u : uploads) {
      files.add(u.entry != null ? u.entry : Map.of("input", u.name, "status", "skipped"));
    }
    json.put("files", files);
    return json;
  }

  /** A zip of the cloaked photos and {@code report.json}. */
  synchronized byte[] zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Upload u : uploads) {
        if (u.output != null) {
          zip.putNextEntry(new ZipEntry(u.outputName));
          zip.write(u.output);
          zip.closeEntry();
        }
      }
      zip.putNextEntry(new ZipEntry("report.json"));
      zip.write(Json.write(report()).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return bytes.toByteArray();
  }
}
