package dev.fawkes.bench;

import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.pool.TargetPool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Computes the bundled target pool from {@code lfw/targets}: for each bundled recogniser and each
 * identity (folder), the normalised mean embedding of the identity's canonical crops. Identities
 * are numbered in folder-name order ({@code t001}, ...), so the pool holds no names and no images.
 * Deterministic: the same data and models give the same file. The lab's {@code target-pool}
 * command writes it.
 */
@Command(name = "target-pool", mixinStandardHelpOptions = true,
    description = "Computes the bundled target pool (each bundled recogniser's mean embedding of every identity "
        + "folder) from lfw/targets and writes it.",
    footer = {"", "Example:", "  fawkes-lab target-pool --out fawkes-tf/src/main/resources/dev/fawkes/tf/target/lfw-targets.bin"})
public final class TargetPoolBuilder implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder of identity folders of *.jpg (default: lfw/targets of the shared data, ${DEFAULT-VALUE}).")
  private Path data = RecognitionAccuracy.defaultData().resolveSibling("targets");

  @Option(names = "--out", paramLabel = "FILE", description = "The pool file to write (default: ${DEFAULT-VALUE}, "
      + "the fawkes-tf resource, from the project root).")
  private Path out = Paths.get("fawkes-tf/src/main/resources/dev/fawkes/tf/target/lfw-targets.bin");

  TargetPoolBuilder() {}

  /** Builds the pool from identity folders under {@code dir}. */
  public static TargetPool build(Path dir) {
    List<Path> folders;
    try (Stream<Path> s = Files.list(dir)) {
      folders = s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> ids = new ArrayList<>();
    List<List<Path>> images = new ArrayList<>();
    for (Path folder : folders) {
      try (Stream<Path> s = Files.list(folder)) {
        List<Path> jpgs = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")).sorted().toList();
        if (!jpgs.isEmpty()) {
          ids.add(String.format(Locale.ROOT, "t%03d", ids.size() + 1));
          images.add(jpgs);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Map<String, float[][]> centroids = new LinkedHashMap<>();
    for (ExtractorSpec spec : ModelZoo.recognizers()) {
      long start = System.nanoTime();
      try (FeatureExtractor extractor = FeatureExtractor.create(ModelZoo.load(spec.name()))) {
        float[][] rows = new float[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
          rows[i] = NearestCentroid.mean(RecognitionAccuracy.embed(extractor, images.get(i), RecognitionAccuracy.CANONICAL::read));
        }
        centroids.put(spec.name(), rows);
      }
      System.err.printf(Locale.ROOT, "%s: %d identities in %.1f s%n", spec.name(), ids.size(), (System.nanoTime() - start) / 1e9);
    }
    return TargetPool.of(TargetPool.BUNDLED_NAME, ids, centroids);
  }

  /** Writes the pool to {@code --out}. */
  @Override
  public Integer call() throws IOException {
    TargetPool pool = build(data);
    try (OutputStream stream = Files.newOutputStream(out)) {
      pool.write(stream);
    }
    spec.commandLine().getErr().println("wrote " + out + " (" + Files.size(out) + " bytes)");
    return 0;
  }
}
