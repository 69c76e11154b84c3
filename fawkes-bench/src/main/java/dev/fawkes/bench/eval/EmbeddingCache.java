package dev.fawkes.bench.eval;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A tracker's embeddings of unchanged photo files (and of the copies it makes of them), kept on disk
 * between runs: they are most of a full run's time before any cloak, and the same for every run on
 * the same people. An entry is keyed by the tracker, the variant, the files and {@link #VERSION};
 * the trackers' model files are pinned by hash, so a key names one result. Not thread-safe.
 */
final class EmbeddingCache {
  /** Bumped whenever the way a tracker reads a photo changes, so that old entries are not used. */
  static final int VERSION = 1;
  private final Path dir;

  /** A cache in {@code dir}; null for none. */
  EmbeddingCache(Path dir) {
    this.dir = dir;
  }

  /**
   * Embeddings of files, and in how many of them the tracker found no face (it then read the
   * canonical box).
   */
  record Entry(Map<Path, float[]> embeddings, int undetected) {}

  /**
   * The embeddings of {@code files}, from the cache or computed and cached.
   *
   * @param undetected the tracker's running count of photos without a face found
   */
  Entry get(String tracker, String variant, List<Path> files, Supplier<Map<Path, float[]>> compute,
      IntSupplier undetected) {
    if (dir == null) {
      int before = undetected.getAsInt();
      Map<Path, float[]> out = compute.get();
      return new Entry(out, undetected.getAsInt() - before);
    }
    Hasher key = Hashing.sha256().newHasher().putInt(VERSION).putString(tracker, StandardCharsets.UTF_8)
        .putString(variant, StandardCharsets.UTF_8);
    files.forEach(f -> key.putString(f.toAbsolutePath().normalize().toString(), StandardCharsets.UTF_8));
    Path file = dir.resolve(tracker + "-" + variant + "-" + key.hash().toString().substring(0, 16) + ".bin");
    if (Files.isRegularFile(file)) {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
        int count = in.readInt();
        int dim = in.readInt();
        int misses = in.readInt();
        if (count == files.size()) {
          Map<Path, float[]> out = new LinkedHashMap<>();
          for (Path f : files) {
            float[] e = new float[dim];
            for (int i = 0; i < dim; i++) {
              e[i] = in.readFloat();
            }
            out.put(f, e);
          }
          return new Entry(out, misses);
        }
      } catch (IOException e) {
        // A damaged entry is computed again below.
      }
    }
    int before = undetected.getAsInt();
    Map<Path, float[]> out = compute.get();
    int misses = undetected.getAsInt() - before;
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "part-", ".bin");
      try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
        o.writeInt(files.size());
        o.writeInt(out.get(files.get(0)).length);
        o.writeInt(misses);
        for (Path f : files) {
          for (float v : out.get(f)) {
            o.writeFloat(v);
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedding cache in " + dir, e);
    }
    return new Entry(out, misses);
  }
}
