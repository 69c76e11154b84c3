package dev.fawkes.tf.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the shared evaluation data ({@code fixtures/}, {@code lfw/}) is found by the tests and the
 * measurement lab, which read it in place; the cloaker itself never reads it.
 */
public final class SharedDataFolder {
  /** The system property that names the folder; the build sets it for tests and the lab. */
  public static final String PROPERTY = "fawkes.shared.data";

  private SharedDataFolder() {}

  /**
   * The folder named by {@value #PROPERTY}, else {@code shared/data} beside the project root, looked
   * for from the project root and from a module's folder. The folder may not exist.
   */
  public static Path locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      return Paths.get(configured);
    }
    Path fromRoot = Paths.get("..", "shared", "data");
    return Files.isDirectory(fromRoot) ? fromRoot : Paths.get("..", "..", "shared", "data");
  }
}
