package dev.fawkes.photo;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file through a hidden temporary file in the same folder, moved into place, so that an
 * interrupted write leaves no half-written file: on SIGTERM or Ctrl-C a shutdown hook, registered
 * on first use, deletes the temporary files being written; after SIGKILL a hidden
 * {@code .fawkes-*.tmp} may remain, never a partial file. Thread-safe.
 */
final class AtomicWrite {
  private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  /** Set by the shutdown hook: no temporary file may be created or completed after it ran. */
  private static volatile boolean stopping;
  private static boolean hooked;

  private AtomicWrite() {}

  /** Writes {@code bytes} to {@code target}, replacing any file there. */
  static void write(byte[] bytes, Path target) throws IOException {
    hook();
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".fawkes-", ".tmp");
    IN_FLIGHT.add(tmp);
    try {
      if (stopping) {
        throw new IOException("the JVM is shutting down; " + target + " was not written");
      }
      // No CREATE: if the shutdown hook deleted the file meanwhile, this fails instead of re-creating it.
      Files.write(tmp, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
      IN_FLIGHT.remove(tmp);
    }
  }

  private static synchronized void hook() throws IOException {
    if (hooked) {
      return;
    }
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(AtomicWrite::deleteInFlight, "fawkes-photo-cleanup"));
      hooked = true;
    } catch (IllegalStateException e) {
      throw new IOException("the JVM is shutting down; nothing more is written", e);
    }
  }

  private static void deleteInFlight() {
    stopping = true;
    for (Path tmp : IN_FLIGHT) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // Shutting down: nothing else to do.
      }
    }
  }
}
