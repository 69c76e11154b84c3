package dev.fawkes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fawkes cloak} and {@code compare} in this JVM: options, usage errors, the compare report. */
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
  void compareMeasuresTheChange(@TempDir Path dir) throws Exception {
    BufferedImage original = ImageIO.read(SharedData.resolve("fixtures/astronaut.png").toFile());
    BufferedImage changed = new BufferedImage(original.getWidth(), original.getHeight(), BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(1);
    for (int y = 0; y < original.getHeight(); y++) {
      for (int x = 0; x < original.getWidth(); x++) {
        int p = original.getRGB(x, y);
        int r = Math.max(0, Math.min(255, ((p >> 16) & 0xff) + random.nextInt(9) - 4));
        changed.setRGB(x, y, (p & 0xffff) | r << 16);
      }
    }
    Path a = dir.resolve("a.png");
    Path b = dir.resolve("b.png");
    ImageIO.write(original, "png", a.toFile());
    ImageIO.write(changed, "png", b.toFile());
    Path diff = dir.resolve("diff.png");
    assertThat(run("compare", a.toString(), b.toString(), "--diff", diff.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("DSSIM", "PSNR", "faces: 1 in the original, 1 in the cloaked photo",
        "mobileface", "feature shift");
    assertThat(diff).exists();
  }

  @Test
  void aPhotoWithAFaceLeftUnprotectedIsReportedPartlyProtectedAndExitsThree(@TempDir Path dir) throws Exception {
    Path photo = SharedData.resolve("fixtures/grace_hopper_512x512.jpg");
    Path report = dir.resolve("report.json");
    // The face (about 300 px) is below --min-face: found, reported, left unchanged.
    assertThat(run("cloak", "--min-face", "1000", "--out", dir.toString(), "--report", report.toString(),
        photo.toString())).as(err.toString()).isEqualTo(3);
    assertThat(out.toString()).contains("0 cloaked, 1 partly protected, 0 without a face, 0 failed");
    assertThat(err.toString()).contains("grace_hopper_512x512.jpg", "partly protected", "too-small face at");
    assertThat(java.nio.file.Files.readString(report)).contains("\"status\": \"partly-protected\"",
        "\"status\": \"too-small\"", "\"box\": [", "\"score\": 0.");
    assertThat(dir.resolve("grace_hopper_512x512_cloaked.png")).exists();

    Path strict = dir.resolve("strict");
    assertThat(run("cloak", "--min-face", "1000", "--require-all-faces", "--out", strict.toString(), photo.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("too-small", "--require-all-faces fails the photo");
    assertThat(strict.resolve("grace_hopper_512x512_cloaked.png")).doesNotExist();
  }

  @Test
  void aFolderIsCloakedInBatchesAndOnePhotoTheCloakerRefusesFailsAlone(@TempDir Path dir) throws Exception {
    Path photos = dir.resolve("photos");
    java.nio.file.Files.createDirectories(photos);
    for (Path lfw : SharedData.lfwUser("Alejandro_Toledo", 2)) {
      java.nio.file.Files.copy(lfw, photos.resolve(lfw.getFileName()));
    }
    // Readable, but too small for the cloaker: its batch is cloaked again photo by photo.
    ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", photos.resolve("tiny.png").toFile());
    Path out = dir.resolve("out");
    Path report = dir.resolve("report.json");
    assertThat(run("cloak", "--batch-size", "4", "--out", out.toString(), "--report", report.toString(),
        photos.toString())).as(err.toString()).isEqualTo(1);
    assertThat(this.out.toString()).contains("2 cloaked, 0 partly protected, 0 without a face, 1 failed", "[3/3]");
    assertThat(err.toString()).contains("tiny.png");
    assertThat(out.resolve("Alejandro_Toledo_0001_cloaked.png")).exists();
    assertThat(out.resolve("Alejandro_Toledo_0002_cloaked.png")).exists();
    assertThat(java.nio.file.Files.readString(report)).contains("\"status\": \"failed\"", "\"status\": \"cloaked\"");
  }

  @Test
  void twoInputsWithOneOutputNameDoNotOverwriteEachOther(@TempDir Path dir) throws Exception {
    BufferedImage wall = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(wall, "png", dir.resolve("wall.png").toFile());
    ImageIO.write(wall, "bmp", dir.resolve("wall.bmp").toFile());
    Path out = dir.resolve("out");
    assertThat(run("cloak", "--out", out.toString(), "--copy-unprotected", dir.resolve("wall.bmp").toString(),
        dir.resolve("wall.png").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("wall.png", "is already", "wall.bmp");
    assertThat(out.resolve("wall_cloaked.png")).exists();
  }

  @Test
  void aTargetFileFromAnotherPoolIsAUsageErrorBeforeAnyWork(@TempDir Path dir) throws Exception {
    BufferedImage wall = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(wall, "png", dir.resolve("wall.png").toFile());
    Path target = dir.resolve("target.txt");
    java.nio.file.Files.writeString(target, "my-pool:t001\n");
    assertThat(run("cloak", "--strategy", "targeted", "--target-file", target.toString(), "--out",
        dir.resolve("out").toString(), dir.resolve("wall.png").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("my-pool:t001", "not in the bundled pool", "delete it");
    assertThat(dir.resolve("out/wall_cloaked.png")).doesNotExist();
  }

  @Test
  void enumOptionsListTheirValuesAndTakeThemInAnyCase() {
    assertThat(run("cloak", "--help")).isZero();
    assertThat(out.toString()).contains("low, mid, high", "targeted, untargeted", "png, jpg, same");
    // The options parse: what stops the run is the missing photo, in either spelling.
    assertThat(run("cloak", "--mode", "high", "--strategy", "targeted", "--format", "same", "no/such/photo.jpg"))
        .isEqualTo(2);
    assertThat(run("cloak", "--mode", "HIGH", "--strategy", "Untargeted", "--format", "JPG", "no/such/photo.jpg"))
        .isEqualTo(2);
    assertThat(err.toString()).doesNotContain("Invalid value").contains("no/such/photo.jpg does not exist");
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(run("cloak", "--mode", "extreme", "x.jpg")).isEqualTo(2);
    assertThat(err.toString()).contains("--mode", "'extreme'", "LOW, MID, HIGH");
    assertThat(run("cloak", "--strategy", "sideways", "x.jpg")).isEqualTo(2);
    assertThat(err.toString()).contains("--strategy", "'sideways'");
    assertThat(run("cloak", "--format", "tiff", "x.jpg")).isEqualTo(2);
    assertThat(err.toString()).contains("--format", "'tiff'");
    assertThat(run("cloak", "no/such/photo.jpg")).isEqualTo(2);
    assertThat(run("cloak")).isEqualTo(2);
  }
}
