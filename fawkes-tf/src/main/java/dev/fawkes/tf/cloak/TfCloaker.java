package dev.fawkes.tf.cloak;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.hash.Hashing;
import dev.fawkes.AlignedFace;
import dev.fawkes.BackendException;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.Cloaker;
import dev.fawkes.FaceAligner;
import dev.fawkes.FaceCloak;
import dev.fawkes.ImageException;
import dev.fawkes.Preset;
import dev.fawkes.Strategy;
import dev.fawkes.TargetIdentity;
import dev.fawkes.tf.face.TfFaceAligner;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.target.TargetPool;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The TensorFlow {@link Cloaker}: the entry point of this package. One {@link CloakGraph} per
 * aligned-crop size, built on first use and reused; every optimization step is one session call
 * over a whole batch of faces.
 *
 * <p>Thread-safe: calls are served one at a time (a fair lock), so one cloaker shared by many
 * threads gives each call the result it would get alone. {@link #close()} stops a call in progress
 * at its next optimization step (that call throws a {@link BackendException} and returns no photo),
 * waits for it to leave, then releases the graphs; calls after that throw
 * {@link IllegalStateException}.
 */
public final class TfCloaker implements Cloaker {
  /** The target is drawn among this many farthest identities (Fawkes paper). */
  static final int TARGET_CANDIDATES = 10;
  /** Smallest face crop, in pixels: SSIM's 11x11 window and reflect padding need room. */
  static final int MIN_CROP = 32;
  /** Amplitude of the random start offset, in 0..1 units: the untargeted loss has a zero gradient at the clean image. */
  static final float START_NOISE = 2f / 255f;

  private final CloakConfig config;
  private final CloakTuning tuning;
  private final FaceAligner aligner;
  /** The aligner this cloaker created, and closes; null for a caller's. */
  private final AutoCloseable ownedAligner;
  private final List<FaceModel> models;
  private final TargetPool pool;
  /** Graphs by (crop size, batch size). */
  private final Map<List<Integer>, CloakGraph> graphs = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock(true);
  private boolean closed;
  /** Set by close() before it waits for the lock, so that a call in progress stops at its next step. */
  private volatile boolean closing;

  private TfCloaker(CloakConfig config, CloakTuning tuning, FaceAligner aligner, AutoCloseable ownedAligner,
      List<FaceModel> models, TargetPool pool) {
    this.config = config;
    this.tuning = tuning;
    this.aligner = aligner;
    this.ownedAligner = ownedAligner;
    this.models = models;
    this.pool = pool;
  }

  /**
   * Creates a cloaker: loads and verifies the ensemble's models and the target pool.
   *
   * @param aligner finds faces; null for a {@link TfFaceAligner} (BlazeFace), which this cloaker
   *     creates and closes
   * @throws dev.fawkes.ModelException if an extractor name is unknown or a model fails to load
   */
  public static TfCloaker create(CloakConfig config, FaceAligner aligner) {
    checkNotNull(config, "config");
    return create(config, CloakTuning.forPreset(config.preset()), aligner);
  }

  /**
   * Creates a cloaker with another tuning than its preset's: for experiments such as the protection
   * evaluation's sweep.
   */
  public static TfCloaker create(CloakConfig config, CloakTuning tuning, FaceAligner aligner) {
    checkNotNull(config, "config");
    checkNotNull(tuning, "tuning");
    List<String> names = config.extractors().isEmpty() ? defaultEnsemble(config.preset()) : config.extractors();
    List<FaceModel> models = names.stream().map(ModelZoo::load).toList();
    TfFaceAligner owned = aligner == null ? new TfFaceAligner() : null;
    FaceAligner faces = aligner != null ? aligner : owned;
    try {
      TargetPool pool = config.targetPool() != null
          ? TargetPool.fromDirectory(config.targetPool(), faces, models)
          : TargetPool.bundled();
      if (config.strategy() == Strategy.TARGETED) {
        for (String name : names) {
          checkArgument(pool.covers(name), "target pool '%s' has no centroids for extractor '%s'",
              pool.name(), name);
        }
      }
      return new TfCloaker(config, tuning, faces, owned, models, pool);
    } catch (RuntimeException e) {
      if (owned != null) {
        owned.close();
      }
      throw e;
    }
  }

  /** The ensemble used when the configuration names none: {@link Preset#extractors()}. */
  public static List<String> defaultEnsemble(Preset preset) {
    return checkNotNull(preset, "preset").extractors();
  }

  @Override
  public CloakConfig config() {
    return config;
  }

  /** The ensemble's extractor names, in order. */
  public List<String> extractors() {
    return models.stream().map(m -> m.spec().name()).toList();
  }

  @Override
  public List<CloakResult> cloakAll(List<BufferedImage> photos) {
    return run(photos, null, true);
  }

  @Override
  public List<CloakResult> cloakAll(List<BufferedImage> photos, TargetIdentity target) {
    checkNotNull(target, "target");
    return run(photos, target, false);
  }

  @Override
  public TargetIdentity chooseTarget(List<BufferedImage> photos) {
    checkPhotos(photos);
    lock.lock();
    try {
      checkState(!closed, "chooseTarget() called after close()");
      checkNotClosing();
      List<Face> faces = align(photos);
      checkArgument(!faces.isEmpty(), "no face found in the %s photos; cannot choose a target", photos.size());
      return choose(cleanEmbeddings(faces));
    } finally {
      lock.unlock();
    }
  }

  private List<CloakResult> run(List<BufferedImage> photos, TargetIdentity target, boolean chooseTarget) {
    checkPhotos(photos);
    if (target != null && config.strategy() == Strategy.TARGETED) {
      checkArgument(target.pool().equals(pool.name()), "target %s is not of this cloaker's pool '%s'", target, pool.name());
      checkArgument(pool.identities().contains(target.id()), "target %s is not in pool '%s'", target, pool.name());
    }
    lock.lock();
    try {
      checkState(!closed, "cloakAll() called after close()");
      checkNotClosing();
      // Everything that can fail on bad input happens before any optimization.
      List<Face> faces = align(photos);
      List<float[][]> clean = cleanEmbeddings(faces);
      TargetIdentity chosen = config.strategy() == Strategy.UNTARGETED ? null
          : chooseTarget && !faces.isEmpty() ? choose(clean) : target;
      List<float[]> centroids = new ArrayList<>();
      if (chosen != null) {
        for (FaceModel model : models) {
          centroids.add(pool.centroid(chosen, model.spec().name()));
        }
      }
      Map<Face, FaceCloak> cloaks = new HashMap<>();
      Map<Face, float[]> cloaked = new HashMap<>();
      for (List<Integer> chunk : chunks(faces)) {
        optimize(faces, clean, centroids, chunk, cloaks, cloaked);
      }
      List<CloakResult> results = new ArrayList<>();
      for (int p = 0; p < photos.size(); p++) {
        BufferedImage out = FacePaster.copy(photos.get(p));
        List<FaceCloak> done = new ArrayList<>();
        int found = 0;
        for (Face face : faces) {
          if (face.photo == p) {
            found++;
            FacePaster.paste(out, face.aligned, cloaked.get(face));
            done.add(cloaks.get(face));
          }
        }
        results.add(new CloakResult(out, found, done, chosen));
      }
      return results;
    } finally {
      lock.unlock();
    }
  }

  /** Optimizes one batch of faces (all of one crop size) and records their results. */
  private void optimize(List<Face> faces, List<float[][]> clean, List<float[]> centroids, List<Integer> chunk,
      Map<Face, FaceCloak> cloaks, Map<Face, float[]> cloaked) {
    long start = System.nanoTime();
    int size = faces.get(chunk.get(0)).size();
    CloakGraph graph = graph(size, chunk.size());
    int batch = graph.batch();
    int pixels = size * size * 3;
    float[] originals = new float[batch * pixels];
    float[] starts = new float[batch * pixels];
    float[] framing = new float[batch * 4];
    List<float[]> targets = new ArrayList<>();
    List<float[]> weights = new ArrayList<>();
    for (int k = 0; k < models.size(); k++) {
      int dim = clean.get(chunk.get(0))[k].length;
      targets.add(new float[batch * dim]);
      weights.add(new float[batch]);
    }
    for (int slot = 0; slot < batch; slot++) {
      // Unused slots repeat the last face; faces never interact, so they change nothing.
      int index = chunk.get(Math.min(slot, chunk.size() - 1));
      Face face = faces.get(index);
      System.arraycopy(face.pixels, 0, originals, slot * pixels, pixels);
      System.arraycopy(face.start(config.seed()), 0, starts, slot * pixels, pixels);
      System.arraycopy(face.framing(), 0, framing, slot * 4, 4);
      for (int k = 0; k < models.size(); k++) {
        float[] row = config.strategy() == Strategy.TARGETED ? centroids.get(k) : clean.get(index)[k];
        System.arraycopy(row, 0, targets.get(k), slot * row.length, row.length);
        weights.get(k)[slot] = weight(clean.get(index)[k], row);
      }
    }
    graph.start(originals, starts, targets, weights, framing);
    float budget = (float) config.dssimBudget();
    float rate = (float) config.learningRate();
    List<Random> jitter = new ArrayList<>();
    for (int slot = 0; slot < batch; slot++) {
      jitter.add(faces.get(chunk.get(Math.min(slot, chunk.size() - 1))).random(config.seed() + 1));
    }
    float[] jittered = new float[framing.length];
    for (int step = 0; step < config.maxSteps(); step++) {
      checkNotClosing();
      for (int slot = 0; slot < batch; slot++) {
        jitter(framing, jittered, slot, jitter.get(slot), tuning.framingJitter());
      }
      graph.step(budget, rate, jittered);
    }
    // Measure what the user gets: the 8-bit image.
    float[] best = graph.best();
    for (int i = 0; i < best.length; i++) {
      best[i] = Math.round(Math.min(1f, Math.max(0f, best[i])) * 255f) / 255f;
    }
    CloakGraph.Evaluation evaluation = graph.evaluate(best);
    Duration time = Duration.ofNanos((System.nanoTime() - start) / chunk.size());
    for (int slot = 0; slot < chunk.size(); slot++) {
      int index = chunk.get(slot);
      Map<String, Double> shift = new LinkedHashMap<>();
      for (int k = 0; k < models.size(); k++) {
        float[] e0 = clean.get(index)[k];
        float[] all = evaluation.embeddings().get(k);
        double dot = 0;
        for (int d = 0; d < e0.length; d++) {
          dot += e0[d] * all[slot * e0.length + d];
        }
        shift.put(models.get(k).spec().name(), 1 - dot);
      }
      Face face = faces.get(index);
      cloaks.put(face, new FaceCloak(evaluation.dssim()[slot], shift, config.maxSteps(), time));
      float[] pixelsOut = new float[pixels];
      System.arraycopy(best, slot * pixels, pixelsOut, 0, pixels);
      cloaked.put(face, pixelsOut);
    }
  }

  /**
   * The weight of one extractor's term for one face: with per-model normalisation, one over the
   * clean face's squared distance to the target, so that each term starts at 1.
   */
  private float weight(float[] clean, float[] target) {
    if (!tuning.normalizePerModel() || config.strategy() != Strategy.TARGETED) {
      return 1f;
    }
    double d = 0;
    for (int i = 0; i < clean.length; i++) {
      d += (clean[i] - target[i]) * (clean[i] - target[i]);
    }
    return (float) (1 / Math.max(d, 1e-3));
  }

  /**
   * Shifts and scales one face's framing box by up to {@code amount} of its side: a tracker
   * re-detects the cloaked face a few pixels off, and a cloak optimized for one exact framing loses
   * half its effect there (measured on the round-trip test).
   */
  static void jitter(float[] framing, float[] out, int slot, Random random, double amount) {
    int i = 4 * slot;
    float h = framing[i + 2] - framing[i];
    float w = framing[i + 3] - framing[i + 1];
    float scale = 1 + (float) ((random.nextDouble() * 2 - 1) * amount);
    float dy = (float) ((random.nextDouble() * 2 - 1) * amount) * h;
    float dx = (float) ((random.nextDouble() * 2 - 1) * amount) * w;
    float cy = (framing[i] + framing[i + 2]) / 2 + dy;
    float cx = (framing[i + 1] + framing[i + 3]) / 2 + dx;
    out[i] = cy - h * scale / 2;
    out[i + 1] = cx - w * scale / 2;
    out[i + 2] = cy + h * scale / 2;
    out[i + 3] = cx + w * scale / 2;
  }

  /** Clean embeddings of every face: [face][model][dim]. */
  private List<float[][]> cleanEmbeddings(List<Face> faces) {
    List<float[][]> out = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      out.add(null);
    }
    for (List<Integer> chunk : chunks(faces)) {
      int size = faces.get(chunk.get(0)).size();
      CloakGraph graph = graph(size, chunk.size());
      int pixels = size * size * 3;
      float[] images = new float[graph.batch() * pixels];
      float[] framing = new float[graph.batch() * 4];
      for (int slot = 0; slot < graph.batch(); slot++) {
        Face face = faces.get(chunk.get(Math.min(slot, chunk.size() - 1)));
        System.arraycopy(face.pixels, 0, images, slot * pixels, pixels);
        System.arraycopy(face.framing(), 0, framing, slot * 4, 4);
      }
      List<float[]> e = graph.embed(images, framing);
      for (int slot = 0; slot < chunk.size(); slot++) {
        float[][] perModel = new float[models.size()][];
        for (int k = 0; k < models.size(); k++) {
          float[] all = e.get(k);
          int dim = all.length / graph.batch();
          perModel[k] = new float[dim];
          System.arraycopy(all, slot * dim, perModel[k], 0, dim);
        }
        out.set(chunk.get(slot), perModel);
      }
    }
    return out;
  }

  private TargetIdentity choose(List<float[][]> clean) {
    Map<String, float[]> person = new LinkedHashMap<>();
    for (int k = 0; k < models.size(); k++) {
      float[] sum = new float[clean.get(0)[k].length];
      for (float[][] face : clean) {
        for (int d = 0; d < sum.length; d++) {
          sum[d] += face[k][d];
        }
      }
      person.put(models.get(k).spec().name(), sum);
    }
    return pool.choose(person, TARGET_CANDIDATES, config.seed());
  }

  /** Faces grouped by crop size, in chunks of at most the batch size. */
  private List<List<Integer>> chunks(List<Face> faces) {
    Map<Integer, List<Integer>> bySize = new LinkedHashMap<>();
    for (int i = 0; i < faces.size(); i++) {
      bySize.computeIfAbsent(faces.get(i).size(), s -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> chunks = new ArrayList<>();
    for (List<Integer> group : bySize.values()) {
      for (int i = 0; i < group.size(); i += config.batchSize()) {
        chunks.add(group.subList(i, Math.min(group.size(), i + config.batchSize())));
      }
    }
    return chunks;
  }

  /**
   * The graph for a crop size and a chunk of {@code faces} faces: its batch is the smallest power
   * of two that holds them (at most the configured batch size), so one photo does not pay for a
   * full batch of padding.
   */
  private CloakGraph graph(int size, int faces) {
    int batch = Math.min(config.batchSize(), Integer.highestOneBit(Math.max(1, faces - 1)) << 1);
    int b = faces == 1 ? 1 : batch;
    return graphs.computeIfAbsent(List.of(size, b),
        key -> new CloakGraph(models, size, b, config.strategy(), tuning, config.threads()));
  }

  private List<Face> align(List<BufferedImage> photos) {
    List<Face> faces = new ArrayList<>();
    for (int p = 0; p < photos.size(); p++) {
      List<AlignedFace> found = aligner.align(photos.get(p));
      if (config.largestFaceOnly() && found.size() > 1) {
        found = List.of(found.stream().max(java.util.Comparator.comparingDouble(TfCloaker::sideInPhoto)).get());
      }
      for (AlignedFace aligned : found) {
        if (aligned.crop().getWidth() < MIN_CROP) {
          throw new ImageException("photo " + p + ": the face crop is " + aligned.crop().getWidth()
              + " px; at least " + MIN_CROP + " px are needed");
        }
        faces.add(new Face(p, aligned));
      }
    }
    return faces;
  }

  /** The side of a face crop measured in photo pixels. */
  private static double sideInPhoto(AlignedFace face) {
    AffineTransform t = face.cropToPhoto();
    return Math.hypot(t.getScaleX(), t.getShearY()) * face.crop().getWidth();
  }

  private static void checkPhotos(List<BufferedImage> photos) {
    checkNotNull(photos, "photos");
    checkArgument(!photos.isEmpty(), "photos must not be empty");
    for (int i = 0; i < photos.size(); i++) {
      checkNotNull(photos.get(i), "photo %s is null", i);
      BufferedImage photo = photos.get(i);
      if (photo.getWidth() < MIN_CROP || photo.getHeight() < MIN_CROP) {
        throw new ImageException("photo " + i + " is " + photo.getWidth() + "x" + photo.getHeight()
            + "; at least " + MIN_CROP + "x" + MIN_CROP + " px are needed");
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        graphs.values().forEach(CloakGraph::close);
        graphs.clear();
        if (ownedAligner != null) {
          try {
            ownedAligner.close();
          } catch (Exception e) {
            throw new IllegalStateException("closing the face aligner failed", e);
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** A call that got the lock while close() waits for it does no work. */
  private void checkNotClosing() {
    if (closing) {
      throw new BackendException("The cloaker was closed during this call; no photo of the call was cloaked");
    }
  }

  /** Where a face's canonical framing lies in its crop: [top, left, bottom, right] as fractions. */
  static float[] framing(AlignedFace aligned) {
    java.awt.geom.Rectangle2D c = aligned.canonical();
    double side = aligned.crop().getWidth();
    return new float[] {(float) (c.getMinY() / side), (float) (c.getMinX() / side),
        (float) (c.getMaxY() / side), (float) (c.getMaxX() / side)};
  }

  /** One aligned face of one photo, as RGB floats in 0..1. */
  private static final class Face {
    final int photo;
    final AlignedFace aligned;
    final float[] pixels;

    Face(int photo, AlignedFace aligned) {
      this.photo = photo;
      this.aligned = aligned;
      this.pixels = FacePaster.toFloats(aligned.crop());
    }

    int size() {
      return aligned.crop().getWidth();
    }

    float[] framing() {
      return TfCloaker.framing(aligned);
    }

    /**
     * A random stream drawn from the seed and the face's content, so that a face is treated the
     * same whichever batch it is in.
     */
    Random random(long seed) {
      ByteBuffer bytes = ByteBuffer.allocate(pixels.length * 4);
      bytes.asFloatBuffer().put(pixels);
      return new Random(Hashing.murmur3_128().newHasher().putLong(seed).putBytes(bytes.array()).hash().asLong());
    }

    /** The start point: the face plus a small uniform offset. */
    float[] start(long seed) {
      Random random = random(seed);
      float[] start = new float[pixels.length];
      for (int i = 0; i < start.length; i++) {
        start[i] = Math.min(1f, Math.max(0f, pixels[i] + (random.nextFloat() * 2 - 1) * START_NOISE));
      }
      return start;
    }
  }
}
