package dev.fawkes.tf.pool;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.FaceAligner;
import dev.fawkes.ModelException;
import dev.fawkes.TargetIdentity;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ImageBatch;
import dev.fawkes.tf.model.internal.Float16;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Candidate target identities: for each feature extractor, the L2-normalised centroid of each
 * identity's embeddings. The entry point of this package. Immutable and thread-safe.
 *
 * <p>The bundled pool ({@link #bundled()}, name {@value #BUNDLED_NAME}) holds derived numbers only,
 * computed from {@code lfw/targets} by {@code dev.fawkes.bench.TargetPoolBuilder}; identities are
 * numbered, not named. Stored as float16, big-endian:
 * {@code "FWKT" version:int name:UTF identities:int id:UTF... extractors:int (name:UTF dim:int
 * centroid:short[identities * dim])...}.
 */
public final class TargetPool {
  /** The name of the bundled pool. */
  public static final String BUNDLED_NAME = "lfw-targets";

  private static final int MAGIC = 0x46574b54; // "FWKT"
  private static final int VERSION = 1;

  private final String name;
  private final List<String> identities;
  /** extractor -> [identity][dim], each row unit length. */
  private final Map<String, float[][]> centroids;

  private TargetPool(String name, List<String> identities, Map<String, float[][]> centroids) {
    this.name = name;
    this.identities = List.copyOf(identities);
    // Insertion order is kept so that write() is byte-for-byte reproducible.
    this.centroids = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(centroids));
  }

  /**
   * A pool from centroids (normalised here).
   *
   * @param name the pool's name, the {@link TargetIdentity#pool()} of its identities
   * @param identities the identity ids, at least one
   * @param centroids per extractor name, one centroid per identity, in the order of {@code identities};
   *     copied
   * @return the pool
   * @throws IllegalArgumentException if there is no identity, a centroid count differs from the
   *     identity count, or a centroid is zero
   */
  public static TargetPool of(String name, List<String> identities, Map<String, float[][]> centroids) {
    checkNotNull(name, "name");
    checkNotNull(identities, "identities");
    checkNotNull(centroids, "centroids");
    checkArgument(!identities.isEmpty(), "a target pool needs at least one identity");
    Map<String, float[][]> normalised = new LinkedHashMap<>();
    centroids.forEach((extractor, rows) -> {
      checkArgument(rows.length == identities.size(), "extractor %s has %s centroids for %s identities",
          extractor, rows.length, identities.size());
      float[][] copy = new float[rows.length][];
      for (int i = 0; i < rows.length; i++) {
        copy[i] = Embeddings.normalize(rows[i]);
      }
      normalised.put(extractor, copy);
    });
    return new TargetPool(name, identities, normalised);
  }

  /**
   * A pool from a folder of identities, {@code dir/<identity>/*.jpg|jpeg|png}: each identity's
   * centroid per extractor is the mean embedding of the faces {@code aligner} finds in its images
   * (the largest face of each image).
   *
   * @param dir the folder; its name, with ':' and spaces replaced, becomes the pool's name
   * @param aligner finds and aligns the faces
   * @param extractors the models to compute centroids with
   * @return the pool, identities in folder-name order
   * @throws ModelException if the folder cannot be read or holds no identity with a usable face
   */
  public static TargetPool fromDirectory(Path dir, FaceAligner aligner, List<FaceModel> extractors) {
    checkNotNull(dir, "dir");
    checkNotNull(aligner, "aligner");
    checkNotNull(extractors, "extractors");
    List<String> ids = new ArrayList<>();
    List<List<BufferedImage>> faces = new ArrayList<>();
    try (Stream<Path> folders = Files.list(dir)) {
      for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
        List<BufferedImage> crops = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
          for (Path file : files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
              .matches(".*\\.(jpe?g|png)")).sorted().toList()) {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image != null) {
              aligner.align(image).stream().findFirst().ifPresent(face -> crops.add(face.crop()));
            }
          }
        }
        if (!crops.isEmpty()) {
          ids.add(folder.getFileName().toString().replaceAll("[:\\s]", "_"));
          faces.add(crops);
        }
      }
    } catch (IOException e) {
      throw new ModelException("Cannot read target pool folder " + dir + " (" + e.getMessage()
          + "); give an existing folder of <identity>/ folders of face photos", e);
    }
    if (ids.isEmpty()) {
      throw new ModelException("Target pool folder " + dir + " has no identity folder with a face photo; "
          + "give it one folder per identity holding JPEG or PNG photos of that person's face");
    }
    Map<String, float[][]> centroids = new LinkedHashMap<>();
    for (FaceModel model : extractors) {
      float[][] rows = new float[ids.size()][];
      try (FeatureExtractor extractor = FeatureExtractor.create(model)) {
        for (int i = 0; i < ids.size(); i++) {
          float[] sum = null;
          for (BufferedImage crop : faces.get(i)) {
            float[] e = extractor.embed(ImageBatch.of(List.of(crop)))[0];
            if (sum == null) {
              sum = e;
            } else {
              for (int d = 0; d < sum.length; d++) {
                sum[d] += e[d];
              }
            }
          }
          rows[i] = sum;
        }
      }
      centroids.put(model.spec().name(), rows);
    }
    return of(dir.getFileName().toString().replaceAll("[:\\s]", "_"), ids, centroids);
  }

  /**
   * The pool bundled with the library.
   *
   * @return the pool named {@value #BUNDLED_NAME}
   * @throws ModelException if the pool is missing from the classpath or cannot be read
   */
  public static TargetPool bundled() {
    try (InputStream in = TargetPool.class.getResourceAsStream(BUNDLED_NAME + ".bin")) {
      if (in == null) {
        throw new ModelException("The bundled target pool is missing from the classpath; the fawkes-tf jar is incomplete");
      }
      return read(in);
    } catch (IOException e) {
      throw new ModelException("Cannot read the bundled target pool", e);
    }
  }

  /**
   * Reads a pool written by {@link #write}.
   *
   * @param stream positioned at the pool; not closed
   * @return the pool
   * @throws IOException if the stream fails or does not hold a version 1 pool
   */
  public static TargetPool read(InputStream stream) throws IOException {
    checkNotNull(stream, "stream");
    DataInputStream in = new DataInputStream(stream);
    if (in.readInt() != MAGIC || in.readInt() != VERSION) {
      throw new IOException("not a version " + VERSION + " target pool");
    }
    String name = in.readUTF();
    int n = in.readInt();
    List<String> identities = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      identities.add(in.readUTF());
    }
    Map<String, float[][]> centroids = new LinkedHashMap<>();
    int extractors = in.readInt();
    for (int e = 0; e < extractors; e++) {
      String extractor = in.readUTF();
      int dim = in.readInt();
      float[][] rows = new float[n][dim];
      for (int i = 0; i < n; i++) {
        for (int d = 0; d < dim; d++) {
          rows[i][d] = Float16.toFloat(in.readShort());
        }
      }
      centroids.put(extractor, rows);
    }
    return of(name, identities, centroids);
  }

  /**
   * Writes this pool, centroids as float16; the same pool always gives the same bytes.
   *
   * @param stream where to write; flushed, not closed
   * @throws IOException if the stream fails
   */
  public void write(OutputStream stream) throws IOException {
    checkNotNull(stream, "stream");
    DataOutputStream out = new DataOutputStream(stream);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(name);
    out.writeInt(identities.size());
    for (String id : identities) {
      out.writeUTF(id);
    }
    out.writeInt(centroids.size());
    for (Map.Entry<String, float[][]> entry : centroids.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeInt(entry.getValue()[0].length);
      for (float[] row : entry.getValue()) {
        for (float v : row) {
          out.writeShort(Float16.fromFloat(v));
        }
      }
    }
    out.flush();
  }

  /**
   * The pool's name.
   *
   * @return the {@link TargetIdentity#pool()} of its identities
   */
  public String name() {
    return name;
  }

  /**
   * The identity ids.
   *
   * @return an unmodifiable list, in a stable order
   */
  public List<String> identities() {
    return identities;
  }

  /**
   * Whether this pool has centroids for an extractor.
   *
   * @param extractor an {@link dev.fawkes.tf.model.ExtractorSpec#name()}
   * @return true if {@link #centroid} accepts it
   */
  public boolean covers(String extractor) {
    return centroids.containsKey(extractor);
  }

  /**
   * The unit centroid of {@code target} in {@code extractor}'s space.
   *
   * @param target an identity of this pool
   * @param extractor an {@link dev.fawkes.tf.model.ExtractorSpec#name()} the pool covers
   * @return a new array, of unit length
   * @throws IllegalArgumentException if the target is not of this pool or the extractor is not covered
   */
  public float[] centroid(TargetIdentity target, String extractor) {
    checkNotNull(target, "target");
    checkNotNull(extractor, "extractor");
    checkArgument(target.pool().equals(name), "target %s is not of pool '%s'", target, name);
    int index = identities.indexOf(target.id());
    checkArgument(index >= 0, "target %s is not in pool '%s'", target, name);
    float[][] rows = centroids.get(extractor);
    checkArgument(rows != null, "pool '%s' has no centroids for extractor '%s'; it covers %s",
        name, extractor, centroids.keySet());
    return rows[index].clone();
  }

  /**
   * Chooses a target as in the Fawkes paper: among the {@code k} identities farthest from the
   * person (mean cosine distance between centroids over the given extractors), one at random. In
   * a small pool at most the farther half are candidates, so that the person, or a lookalike, in
   * the pool is never chosen.
   *
   * @param person per extractor, the person's unit centroid
   * @param k how many of the farthest identities are candidates, at least 1
   * @param seed chooses among the candidates; the same seed gives the same target
   * @return an identity of this pool
   * @throws IllegalArgumentException if {@code person} is empty, names an extractor the pool does
   *     not cover, or {@code k} is below 1
   */
  public TargetIdentity choose(Map<String, float[]> person, int k, long seed) {
    checkNotNull(person, "person");
    checkArgument(!person.isEmpty(), "no extractor to choose a target with");
    checkArgument(k >= 1, "k (%s) must be at least 1", k);
    double[] distance = new double[identities.size()];
    for (Map.Entry<String, float[]> entry : person.entrySet()) {
      float[][] rows = centroids.get(entry.getKey());
      checkArgument(rows != null, "pool '%s' has no centroids for extractor '%s'", name, entry.getKey());
      float[] p = Embeddings.normalize(entry.getValue());
      for (int i = 0; i < rows.length; i++) {
        distance[i] += (1 - Embeddings.dot(rows[i], p)) / person.size();
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < distance.length; i++) {
      order.add(i);
    }
    // Farthest first; ties by index so that the order is total and stable.
    order.sort((a, b) -> distance[a] != distance[b] ? Double.compare(distance[b], distance[a]) : Integer.compare(a, b));
    int candidates = Math.min(k, Math.max(1, order.size() / 2));
    int pick = new Random(seed).nextInt(candidates);
    return new TargetIdentity(name, identities.get(order.get(pick)));
  }
}
