package dev.fawkes.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Progress of a run over files: on a terminal one bar redrawn in place with the count and the
 * ETA, moving within a batch of files as its cloak goes on; otherwise (a pipe, a log file) one plain
 * line per file. Not thread-safe.
 */
final class Progress {
  private static final int WIDTH = 30;
  private final PrintWriter out;
  private final int total;
  private final boolean terminal;
  private final long start = System.nanoTime();

  Progress(PrintWriter out, int total, boolean terminal) {
    this.out = out;
    this.total = total;
    this.terminal = terminal;
  }

  /** Reports that {@code done} files are handled, the last being {@code file}. */
  void update(int done, Path file, String status, double seconds) {
    if (terminal) {
      String name = file.getFileName().toString();
      bar(done, done, name.length() > 30 ? name.substring(0, 27) + "..." : name, status);
    } else {
      out.printf(Locale.ROOT, "[%d/%d] %s: %s (%.1f s, ETA %s)%n", done, total, file, status, seconds,
          duration(eta(done)));
      out.flush();
    }
  }

  /**
   * On a terminal, moves the bar into the batch of {@code batch} files that follows the {@code done}
   * handled, {@code fraction} of the way through its cloak; off a terminal it prints nothing, as a
   * log gets one line per file.
   */
  void within(int done, int batch, double fraction) {
    if (terminal) {
      bar(done + batch * fraction, done, "cloaking " + batch + (batch == 1 ? " photo" : " photos"),
          Math.round(100 * fraction) + "%");
    }
  }

  /** Redraws the bar at {@code at} files of the total, {@code done} of them handled. */
  private void bar(double at, int done, String what, String status) {
    int filled = (int) Math.round(WIDTH * at / total);
    out.printf(Locale.ROOT, "\r[%s%s] %d/%d ETA %s  %-30s %-9s", "#".repeat(filled), " ".repeat(WIDTH - filled), done,
        total, at > 0 ? duration(eta(at)) : "?", what, status);
    out.flush();
  }

  /** Seconds left once {@code at} files of the total took the time so far. */
  private double eta(double at) {
    double elapsed = (System.nanoTime() - start) / 1e9;
    return elapsed / at * (total - at);
  }

  /** Ends the bar's line on a terminal. */
  void finish() {
    if (terminal) {
      out.println();
      out.flush();
    }
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
