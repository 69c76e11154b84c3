package dev.fawkes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fawkes cloak} on a folder as a user has it: a photo, a corrupt file, a photo without a face. */
class CloakCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cli = Fawkes.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void cloaksAFolderReportsFailuresAndResumes(@TempDir Path dir) throws Exception {
    Path photos = Files.createDirectories(dir.resolve("photos"));
    Files.copy(SharedData.resolve("fixtures/astronaut.png"), photos.resolve("astronaut.png"));
    Files.writeString(photos.resolve("corrupt.jpg"), "not a jpeg");
    BufferedImage blank = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(blank, "png", photos.resolve("wall.png").toFile());
    byte[] original = Files.readAllBytes(photos.resolve("astronaut.png"));
    Path outDir = dir.resolve("out");
    Path target = dir.resolve("me.target");
    Path report = dir.resolve("report.json");

    int code = run("cloak", "--out", outDir.toString(), "--target-file", target.toString(), "--report",
        report.toString(), photos.toString());

    assertThat(code).as(err.toString()).isEqualTo(1); // the corrupt file failed, the run went on
    assertThat(outDir.resolve("astronaut_cloaked.png")).exists();
    assertThat(outDir.resolve("wall_cloaked.png")).doesNotExist();
    assertThat(Files.readAllBytes(photos.resolve("astronaut.png"))).isEqualTo(original);
    assertThat(err.toString()).contains("corrupt.jpg");
    assertThat(out.toString()).contains("1 cloaked, 1 without a face, 1 failed");
    assertThat(Files.readString(report)).contains("\"status\": \"cloaked\"", "\"status\": \"no-face\"", "\"status\": \"failed\"");
    String chosen = Files.readString(target).trim();
    assertThat(chosen).startsWith("lfw-targets:");
    try (var files = Files.list(outDir)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }

    // compare measures what the cloak did.
    out.getBuffer().setLength(0);
    Path diff = dir.resolve("diff.png");
    assertThat(run("compare", photos.resolve("astronaut.png").toString(), outDir.resolve("astronaut_cloaked.png").toString(),
        "--diff", diff.toString())).isZero();
    assertThat(out.toString()).contains("DSSIM", "PSNR", "faces: 1 in the original, 1 in the cloaked photo",
        "mobileface", "feature shift");
    assertThat(diff).exists();

    // A rerun skips what is done and keeps the person's target.
    out.getBuffer().setLength(0);
    assertThat(run("cloak", "--out", outDir.toString(), "--target-file", target.toString(), "--skip-existing",
        photos.resolve("astronaut.png").toString())).isZero();
    assertThat(out.toString()).contains("skipped");
    assertThat(Files.readString(target).trim()).isEqualTo(chosen);

    // A photo without a face gets an output only when asked for.
    assertThat(run("cloak", "--out", outDir.toString(), "--copy-unprotected", photos.resolve("wall.png").toString())).isZero();
    assertThat(outDir.resolve("wall_cloaked.png")).exists();
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(run("cloak", "--mode", "extreme", "x.jpg")).isEqualTo(2);
    assertThat(err.toString()).contains("--mode must be low, mid or high");
    assertThat(run("cloak", "no/such/photo.jpg")).isEqualTo(2);
    assertThat(run("cloak")).isEqualTo(2);
  }
}
