package dev.fawkes.beam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fawkes.TargetIdentity;
import dev.fawkes.cli.InProcessCli;
import dev.fawkes.tf.pool.TargetPool;
import dev.fawkes.tf.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on the DirectRunner and on Spark in local mode, against {@code fawkes cloak} run
 * per person folder in this JVM: the same batches, so the same pixels.
 */
class CloakPipelineTest {
  /** Two people: two photos and a file that is no image; one photo and a photo without a face. */
  private static Path archive(Path dir) throws IOException {
    Path a = dir.resolve("in/Alejandro_Toledo");
    Path b = dir.resolve("in/Ariel_Sharon");
    Files.createDirectories(a);
    Files.createDirectories(b);
    for (Path p : SharedData.lfwUser("Alejandro_Toledo", 2)) {
      Files.copy(p, a.resolve(p.getFileName()));
    }
    for (Path p : SharedData.lfwUser("Ariel_Sharon", 1)) {
      Files.copy(p, b.resolve(p.getFileName()));
    }
    Files.writeString(a.resolve("notes.jpg"), "not a photo");
    BufferedImage wall = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
    ImageIO.write(wall, "png", b.resolve("wall.png").toFile());
    return dir.resolve("in");
  }

  private static PipelineResult.State run(Path in, Path out, Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("--input=" + in + "/*/*", "--output=" + out,
        "--report=" + dir.resolve("report.jsonl"), "--deadLetter=" + dir.resolve("dead.jsonl")));
    args.addAll(List.of(extra));
    PipelineOptionsFactory.register(CloakPipelineOptions.class);
    CloakPipelineOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation()
        .as(CloakPipelineOptions.class);
    return CloakPipeline.create(options).run().waitUntilFinish();
  }

  /** The CLI's outputs for each person folder, into {@code cli/<person>}. */
  private static Path cli(Path in, Path dir, String... extra) throws IOException {
    Path cli = dir.resolve("cli");
    try (Stream<Path> people = Files.list(in)) {
      for (Path person : people.sorted().toList()) {
        List<String> args = new ArrayList<>(List.of("cloak", "--out", cli.resolve(person.getFileName()).toString()));
        args.addAll(List.of(extra));
        args.add(person.toString());
        InProcessCli.run(new StringWriter(), args.toArray(String[]::new));
      }
    }
    return cli;
  }

  private static Map<Path, FileTime> files(Path root) throws IOException {
    Map<Path, FileTime> files = new HashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p), Files.getLastModifiedTime(p));
      }
    }
    return files;
  }

  private static void assertSamePixels(Path expected, Path actual) throws IOException {
    BufferedImage e = ImageIO.read(expected.toFile());
    BufferedImage a = ImageIO.read(actual.toFile());
    assertThat(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()))
        .as(actual.toString()).containsExactly(e.getRGB(0, 0, e.getWidth(), e.getHeight(), null, 0, e.getWidth()));
  }

  private static void cloaksAsTheCliDoes(Path dir, String... runner) throws IOException {
    Path in = archive(dir);
    Path out = dir.resolve("out");
    assertThat(run(in, out, dir, runner)).isEqualTo(PipelineResult.State.DONE);
    List<String> cloaked = List.of("Alejandro_Toledo/Alejandro_Toledo_0001_cloaked.png",
        "Alejandro_Toledo/Alejandro_Toledo_0002_cloaked.png", "Ariel_Sharon/Ariel_Sharon_0001_cloaked.png");
    assertThat(files(out).keySet()).containsExactlyInAnyOrderElementsOf(cloaked.stream().map(Path::of).toList());

    Path cli = cli(in, dir);
    for (String name : cloaked) {
      assertSamePixels(cli.resolve(name), out.resolve(name));
    }
    List<String> report = Files.readAllLines(dir.resolve("report.jsonl"));
    assertThat(report).hasSize(5);
    assertThat(report.stream().filter(l -> l.contains("\"status\":\"cloaked\"") && l.contains("\"faces\":[{")))
        .hasSize(3);
    List<String> dead = Files.readAllLines(dir.resolve("dead.jsonl"));
    assertThat(dead).hasSize(2).anySatisfy(l -> assertThat(l).contains("notes.jpg", "not an image"))
        .anySatisfy(l -> assertThat(l).contains("wall.png", "no-face", "no face found"));

    // A rerun skips every finished photo and writes none again.
    Map<Path, FileTime> before = files(out);
    assertThat(run(in, out, dir, runner)).isEqualTo(PipelineResult.State.DONE);
    assertThat(files(out)).isEqualTo(before);
    assertThat(Files.readAllLines(dir.resolve("report.jsonl")).stream().filter(l -> l.contains("\"skipped\"")))
        .hasSize(3);
  }

  @Test
  void cloaksAsTheCliDoesOnTheDirectRunnerAndARerunSkipsFinishedPhotos(@TempDir Path dir) throws IOException {
    cloaksAsTheCliDoes(dir, "--runner=DirectRunner", "--targetParallelism=1");
  }

  @Test
  void cloaksAsTheCliDoesOnSparkInLocalModeWithTwoThreads(@TempDir Path dir) throws IOException {
    cloaksAsTheCliDoes(dir, "--runner=SparkRunner", "--sparkMaster=local[2]", "--threads=1");
  }

  @Test
  void targetedKeepsOneStoredTargetPerPersonAndReusesItOnARerun(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in");
    for (String person : List.of("Alejandro_Toledo", "Ariel_Sharon")) {
      Files.createDirectories(in.resolve(person));
      for (Path p : SharedData.lfwUser(person, 1)) {
        Files.copy(p, in.resolve(person).resolve(p.getFileName()));
      }
    }
    Path out = dir.resolve("out");
    // Alejandro's target is stored already (as an earlier run or fawkes cloak --target-file left it).
    TargetPool pool = TargetPool.bundled();
    String stored = new TargetIdentity(pool.name(), pool.identities().get(0)).toString();
    Files.createDirectories(out.resolve("Alejandro_Toledo"));
    Files.writeString(out.resolve("Alejandro_Toledo/target"), stored + "\n");
    String[] runner = {"--runner=DirectRunner", "--targetParallelism=1", "--strategy=targeted"};
    assertThat(run(in, out, dir, runner)).isEqualTo(PipelineResult.State.DONE);
    assertThat(Files.readString(out.resolve("Alejandro_Toledo/target")).trim()).isEqualTo(stored);
    String chosen = Files.readString(out.resolve("Ariel_Sharon/target")).trim();
    assertThat(TargetIdentity.parse(chosen).pool()).isEqualTo(pool.name());

    // The CLI with Alejandro's stored target, and choosing Ariel's itself: the same target, the same pixels.
    Path cli = dir.resolve("cli");
    Path alejandroTarget = dir.resolve("alejandro.target");
    Files.copy(out.resolve("Alejandro_Toledo/target"), alejandroTarget);
    Path arielTarget = dir.resolve("ariel.target");
    StringWriter err = new StringWriter();
    assertThat(InProcessCli.run(err, "cloak", "--target-file", alejandroTarget.toString(), "--out",
        cli.resolve("Alejandro_Toledo").toString(), in.resolve("Alejandro_Toledo").toString())).as(err.toString()).isZero();
    assertThat(InProcessCli.run(err, "cloak", "--target-file", arielTarget.toString(), "--out",
        cli.resolve("Ariel_Sharon").toString(), in.resolve("Ariel_Sharon").toString())).as(err.toString()).isZero();
    assertThat(Files.readString(arielTarget).trim()).isEqualTo(chosen);
    String alejandro = "Alejandro_Toledo/Alejandro_Toledo_0001_cloaked.png";
    String ariel = "Ariel_Sharon/Ariel_Sharon_0001_cloaked.png";
    assertSamePixels(cli.resolve(alejandro), out.resolve(alejandro));
    assertSamePixels(cli.resolve(ariel), out.resolve(ariel));

    // A rerun after a lost output reads the stored target and writes the same photo again.
    Files.delete(out.resolve(ariel));
    FileTime targetTime = Files.getLastModifiedTime(out.resolve("Ariel_Sharon/target"));
    assertThat(run(in, out, dir, runner)).isEqualTo(PipelineResult.State.DONE);
    assertThat(Files.getLastModifiedTime(out.resolve("Ariel_Sharon/target"))).isEqualTo(targetTime);
    assertSamePixels(cli.resolve(ariel), out.resolve(ariel));
  }
}
