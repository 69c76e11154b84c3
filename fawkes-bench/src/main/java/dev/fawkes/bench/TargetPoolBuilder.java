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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Computes the bundled target pool from {@code lfw/targets}: for each bundled recogniser and each
 * identity (folder), the normalised mean embedding of the identity's canonical crops. Identities
 * are numbered in folder-name order ({@code t001}, ...), so the pool holds no names and no images.
 * Deterministic: the same data and models give the same file.
 *
 * <pre>
 * java dev.fawkes.bench.TargetPoolBuilder [--data DIR] [--out FILE]
 * </pre>
 */
public final class TargetPoolBuilder {
  private TargetPoolBuilder() {}

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
          rows[i] = NearestCentroid.mean(RecognitionAccuracy.embed(extractor, images.get(i), RecognitionAccuracy.CANONICAL));
        }
        centroids.put(spec.name(), rows);
      }
      System.err.printf(Locale.ROOT, "%s: %d identities in %.1f s%n", spec.name(), ids.size(), (System.nanoTime() - start) / 1e9);
    }
    return TargetPool.of(TargetPool.BUNDLED_NAME, ids, centroids);
  }

  /** Writes the pool to {@code --out} (default: the fawkes-tf resource). */
  public static void main(String[] args) throws IOException {
    Path data = RecognitionAccuracy.defaultData().resolveSibling("targets");
    Path out = Paths.get("fawkes-tf/src/main/resources/dev/fawkes/tf/pool/lfw-targets.bin");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Paths.get(args[++i]);
        case "--out" -> out = Paths.get(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: [--data DIR] [--out FILE]");
      }
    }
    TargetPool pool = build(data);
    try (OutputStream stream = Files.newOutputStream(out)) {
      pool.write(stream);
    }
    System.err.println("wrote " + out + " (" + Files.size(out) + " bytes)");
  }
}
