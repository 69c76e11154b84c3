package dev.fawkes.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Progress of a run over files: on a terminal one bar redrawn in place with the count and the
 * ETA; otherwise (a pipe, a log file) one plain line per file. Not thread-safe.
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
    double elapsed = (System.nanoTime() - start) / 1e9;
    double eta = elapsed / done * (total - done);
    if (terminal) {
      int filled = (int) Math.round(WIDTH * (double) done / total);
      String name = file.getFileName().toString();
      name = name.length() > 30 ? name.substring(0, 27) + "..." : name;
      out.printf(Locale.ROOT, "\r[%s%s] %d/%d ETA %s  %-30s %-9s", "#".repeat(filled), " ".repeat(WIDTH - filled), done,
          total, duration(eta), name, status);
    } else {
      out.printf(Locale.ROOT, "[%d/%d] %s: %s (%.1f s, ETA %s)%n", done, total, file, status, seconds, duration(eta));
    }
    out.flush();
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
