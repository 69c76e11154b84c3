package dev.fawkes.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the shared data (fixtures/, lfw/) is, for the measurements that read it in place. */
public final class SharedDataRoot {
  private SharedDataRoot() {}

  /** {@code -Dfawkes.shared.data}, else {@code ../shared/data} from the project root or from a module. */
  public static Path locate() {
    String configured = System.getProperty("fawkes.shared.data");
    if (configured != null) {
      return Paths.get(configured);
    }
    Path fromRoot = Paths.get("..", "shared", "data");
    return Files.isDirectory(fromRoot) ? fromRoot : Paths.get("..", "..", "shared", "data");
  }
}
