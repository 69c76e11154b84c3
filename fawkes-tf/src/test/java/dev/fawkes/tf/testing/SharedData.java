package dev.fawkes.tf.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared evaluation data, read in place where {@link SharedDataFolder} finds it.
 *
 * <p>Where it is absent the calling test is skipped with a message, unless
 * {@code FAWKES_REQUIRE_SHARED_DATA=1}, which turns absence into a failure (CI sets it).
 */
public final class SharedData {
  private SharedData() {}

  /** Returns the data root, or skips/fails the current test if it is absent. */
  public static Path root() {
    return require(SharedDataFolder.locate().toAbsolutePath().normalize());
  }

  /** Returns a file or folder under the data root, or skips/fails the current test if it is absent. */
  public static Path resolve(String relative) {
    return require(root().resolve(relative));
  }

  /**
   * A file under the evaluation-only models ({@code models/} beside the data root, read in place), or
   * skips/fails the current test if it is absent.
   */
  public static Path model(String relative) {
    Path models = SharedDataFolder.locate().toAbsolutePath().normalize().resolveSibling("models");
    return require(models.resolve(relative));
  }

  /** The first {@code n} images of one LFW person in {@code lfw/users}, sorted by name. */
  public static List<Path> lfwUser(String person, int n) {
    try (Stream<Path> files = Files.list(resolve("lfw/users/" + person))) {
      return files.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path require(Path path) {
    if (Files.exists(path)) {
      return path;
    }
    String message = "Shared data not found at " + path + " (set -D" + SharedDataFolder.PROPERTY
        + "; see the README's 'Build and test' section)";
    if ("1".equals(System.getenv("FAWKES_REQUIRE_SHARED_DATA"))) {
      fail(message + "; FAWKES_REQUIRE_SHARED_DATA=1 requires it");
    }
    abort(message + "; skipping");
    throw new AssertionError("unreachable");
  }
}
