package dev.fawkes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.photo.TestPhotos;
import dev.fawkes.tf.testing.SharedData;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fawkes cloak} as a user runs it: a separate JVM on a folder of real files (LFW photos, the
 * fixtures, a photo carrying GPS EXIF and XMP), with a corrupt, a truncated, an unreadable file and
 * a photo without a face among them, then rerun to resume.
 */
class CliProcessTest {
  private record Run(int code, String out, String err) {}

  @TempDir
  Path dir;

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.fawkes.cli.Fawkes"));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile());
    builder.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
    return builder.start();
  }

  private Run fawkes(String... args) throws Exception {
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process = start(args);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("fawkes " + String.join(" ", args) + " did not finish in 10 minutes");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void aRunKilledMidwayLeavesOnlyWholePhotos() throws Exception {
    Path photos = Files.createDirectories(dir.resolve("photos"));
    for (Path lfw : SharedData.lfwUser("Alvaro_Uribe", 6)) {
      Files.copy(lfw, photos.resolve(lfw.getFileName()));
    }
    Path out = dir.resolve("out");
    // Batches of two photos: the run is stopped while later batches are still being optimized.
    Process process = start("cloak", "--batch-size", "2", "--out", out.toString(), photos.toString());
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!Files.exists(out.resolve("Alvaro_Uribe_0001_cloaked.png")) && process.isAlive()) {
      assertThat(System.nanoTime()).as("the first photo is cloaked within 5 minutes").isLessThan(deadline);
      Thread.sleep(100);
    }
    process.destroy(); // SIGTERM, as Ctrl-C or a service manager sends
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    try (Stream<Path> files = Files.list(out)) {
      List<Path> left = files.toList();
      assertThat(left).isNotEmpty().allSatisfy(p -> {
        assertThat(p.getFileName().toString()).endsWith("_cloaked.png");
        assertThat(ImageIO.read(p.toFile())).as(p + " decodes whole").isNotNull();
      });
      assertThat(left.size()).as("stopped before the end").isLessThan(6);
    }
  }

  @Test
  void cloaksAFolderReportsEachFailureOnceAndResumes() throws Exception {
    Path photos = Files.createDirectories(dir.resolve("photos"));
    for (Path lfw : SharedData.lfwUser("Alejandro_Toledo", 2)) {
      Files.copy(lfw, photos.resolve(lfw.getFileName()));
    }
    // A phone photo: JPEG with an ICC profile, EXIF (camera serial, GPS) and XMP (the owner's name).
    BufferedImage astronaut = ImageIO.read(SharedData.resolve("fixtures/astronaut.png").toFile());
    BufferedImage rgb = new BufferedImage(astronaut.getWidth(), astronaut.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(astronaut, 0, 0, null);
    byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    Files.write(photos.resolve("phone.jpg"),
        TestPhotos.withMetadata(TestPhotos.encode(rgb, "jpg"), icc, TestPhotos.exif(1), TestPhotos.xmp()));
    Files.writeString(photos.resolve("corrupt.jpg"), "not a jpeg");
    byte[] lfwBytes = Files.readAllBytes(SharedData.lfwUser("Alejandro_Toledo", 3).get(2));
    Files.write(photos.resolve("truncated.jpg"), Arrays.copyOf(lfwBytes, lfwBytes.length / 3));
    ImageIO.write(new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB), "png", photos.resolve("wall.png").toFile());
    // Unreadable: a link whose photo is gone (a card taken out, say), and a file without read permission.
    Files.createSymbolicLink(photos.resolve("gone.jpg"), dir.resolve("no-such-photo.jpg"));
    Path locked = photos.resolve("locked.jpg");
    Files.write(locked, lfwBytes);
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    // root reads any file; the expectations follow what this process can do.
    boolean lockedIsUnreadable = !Files.isReadable(locked);
    byte[] phoneBefore = Files.readAllBytes(photos.resolve("phone.jpg"));

    Path out = dir.resolve("out");
    Path target = dir.resolve("me.target");
    Path report = dir.resolve("report.json");
    Run first = fawkes("cloak", "--out", out.toString(), "--target-file", target.toString(), "--report",
        report.toString(), photos.toString());

    String context = first.out() + first.err();
    assertThat(first.code()).as(context).isEqualTo(1);
    int cloaked = lockedIsUnreadable ? 3 : 4;
    int failed = lockedIsUnreadable ? 4 : 3;
    assertThat(first.out()).as(context).contains(cloaked + " cloaked, 0 partly protected, 1 without a face, " + failed
        + " failed, 0 skipped");
    assertThat(first.out()).contains("[1/8]", "[8/8]", "ETA"); // plain progress lines, not a terminal bar
    // One clear line per failed file, naming it.
    List<String> errors = first.err().lines().filter(l -> l.startsWith("fawkes: ") && !l.contains("chose target")).toList();
    assertThat(errors).as(first.err()).hasSize(failed);
    assertThat(String.join("\n", errors)).contains("corrupt.jpg", "truncated.jpg", "gone.jpg");
    assertThat(out.resolve("phone_cloaked.png")).exists();
    assertThat(out.resolve("Alejandro_Toledo_0001_cloaked.png")).exists();
    assertThat(out.resolve("wall_cloaked.png")).doesNotExist();
    assertThat(Files.readAllBytes(photos.resolve("phone.jpg"))).isEqualTo(phoneBefore);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
    }
    String json = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(json).contains("\"status\": \"cloaked\"", "\"status\": \"no-face\"", "\"status\": \"failed\"", "\"dssim\"",
        "\"faces\": [", "\"status\": \"protected\"", "\"box\"", "\"score\"", "phone_cloaked.png", "\"target\"");
    String chosen = Files.readString(target).trim();
    assertThat(chosen).startsWith("lfw-targets:");

    // Private metadata is gone from the output; the colour profile stays.
    byte[] cloakedPhone = Files.readAllBytes(out.resolve("phone_cloaked.png"));
    assertThat(TestPhotos.contains(cloakedPhone, TestPhotos.CAMERA)).isFalse();
    assertThat(TestPhotos.contains(cloakedPhone, TestPhotos.XMP_CREATOR)).isFalse();
    assertThat(TestPhotos.blocks(cloakedPhone)).contains("iCCP").doesNotContain("eXIf", "iTXt", "tEXt");

    // A rerun resumes: what is done is skipped, the person's target is read back, not chosen again.
    Run second = fawkes("cloak", "--out", out.toString(), "--target-file", target.toString(), "--skip-existing",
        photos.toString());
    assertThat(second.out()).as(second.out() + second.err())
        .contains("0 cloaked, 0 partly protected, 1 without a face, " + failed + " failed, " + cloaked + " skipped");
    assertThat(second.err()).doesNotContain("chose target");
    assertThat(Files.readString(target).trim()).isEqualTo(chosen);

    // --keep-metadata, as a JPEG: the EXIF and XMP travel with the photo.
    Path kept = dir.resolve("kept");
    Run third = fawkes("cloak", "--out", kept.toString(), "--keep-metadata", "--format", "same",
        photos.resolve("phone.jpg").toString());
    assertThat(third.code()).as(third.out() + third.err()).isZero();
    byte[] keptPhone = Files.readAllBytes(kept.resolve("phone_cloaked.jpg"));
    assertThat(TestPhotos.contains(keptPhone, TestPhotos.CAMERA)).isTrue();
    assertThat(TestPhotos.contains(keptPhone, TestPhotos.XMP_CREATOR)).isTrue();
    assertThat(TestPhotos.blocks(keptPhone)).contains("APP1 Exif", "APP1 XMP", "APP2 ICC");
  }
}
