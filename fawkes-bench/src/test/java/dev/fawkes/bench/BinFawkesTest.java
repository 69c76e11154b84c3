package dev.fawkes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/fawkes eval} and {@code bin/fawkes-lab} reach the lab as users type them: the script
 * routes them to this module, which Maven has compiled (and listed the classpath of) before the
 * tests run.
 */
class BinFawkesTest {
  private record Run(int code, String out, String err) {}

  @TempDir
  Path dir;

  private Run run(String command, String... args) throws Exception {
    Path module = Paths.get("").toAbsolutePath();
    Path script = module.resolveSibling("bin").resolve(command);
    assertThat(module.resolve("target/classpath.txt")).as("written by Maven before the tests").exists();
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString());
    builder.command().addAll(List.of(args));
    builder.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("bin/fawkes finishes").isTrue();
    return new Run(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void evalIsRoutedToTheLabUnderItsOldName() throws Exception {
    Run help = run("fawkes", "eval", "--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(help.out()).contains("Usage: fawkes eval", "--quick", "--[no-]leave-one-out", "--cloak=SPEC", "Examples:");
    assertThat(help.err()).doesNotContain("building");

    Run bad = run("fawkes", "eval", "--data", "no/such/folder");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--data no/such/folder is not a folder");
  }

  @Test
  void fawkesLabRunsTheLab() throws Exception {
    Run help = run("fawkes-lab", "--help");
    assertThat(help.code()).as(help.err()).isZero();
    assertThat(help.out()).contains("Usage: fawkes-lab", "eval", "accuracy", "perf", "target-pool");
  }
}
