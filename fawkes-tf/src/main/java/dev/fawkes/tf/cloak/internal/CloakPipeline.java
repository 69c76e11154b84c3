package dev.fawkes.tf.cloak.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakResult;
import dev.fawkes.FaceAligner;
import dev.fawkes.FaceCloak;
import dev.fawkes.ImageException;
import dev.fawkes.ModelException;
import dev.fawkes.NoFaceException;
import dev.fawkes.Strategy;
import dev.fawkes.TargetIdentity;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.face.TfFaceAligner;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.pool.TargetPool;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cloak of one call as a one-way pipeline: {@link #faces} aligns every photo once, {@link #embed}
 * reads the clean embeddings, {@link #target} settles the identity, {@link #optimize} cloaks one
 * batch of faces, and {@link #paste} writes the cloaks back into copies of the photos. Each step
 * returns what the next one reads. Graphs are built once per (crop size, batch size) and reused.
 *
 * <p>Not thread-safe: {@link dev.fawkes.tf.cloak.TfCloaker} serves one call at a time through it.
 * The lab (fawkes-bench) uses it directly to measure other {@link CloakTuning}s.
 */
public final class CloakPipeline implements AutoCloseable {
  /** The target is drawn among this many farthest identities (Fawkes paper). */
  public static final int TARGET_CANDIDATES = 10;

  private final CloakConfig config;
  private final CloakTuning tuning;
  private final FaceAligner aligner;
  /** The aligner this pipeline created, and closes; null for a caller's. */
  private final TfFaceAligner ownedAligner;
  private final List<FaceModel> models;
  private final TargetPool pool;
  /** Graphs by (crop size, batch size). */
  private final Map<List<Integer>, CloakGraph> graphs = new HashMap<>();

  private CloakPipeline(CloakConfig config, CloakTuning tuning, FaceAligner aligner, TfFaceAligner ownedAligner,
      List<FaceModel> models, TargetPool pool) {
    this.config = config;
    this.tuning = tuning;
    this.aligner = aligner;
    this.ownedAligner = ownedAligner;
    this.models = models;
    this.pool = pool;
  }

  /**
   * Loads and verifies the ensemble's models and the target pool.
   *
   * @param aligner finds faces; null for a {@link TfFaceAligner} (BlazeFace), which the pipeline
   *     creates and closes
   * @throws ModelException if an extractor is unknown, a model fails to load, or the target pool
   *     folder is missing, unreadable, empty or lacks an extractor of a targeted ensemble
   */
  public static CloakPipeline create(CloakConfig config, CloakTuning tuning, FaceAligner aligner) {
    checkNotNull(config, "config");
    checkNotNull(tuning, "tuning");
    if (config.targetPool() != null && !Files.isDirectory(config.targetPool())) {
      throw new ModelException("Target pool folder " + config.targetPool() + " does not exist or is not a folder; "
          + "give CloakConfig.Builder.targetPool an existing folder of <identity>/ photo folders");
    }
    List<String> names = config.extractors().isEmpty() ? config.preset().extractors() : config.extractors();
    List<FaceModel> models = names.stream().map(ModelZoo::load).toList();
    TfFaceAligner owned = aligner == null ? new TfFaceAligner() : null;
    FaceAligner faces = aligner != null ? aligner : owned;
    try {
      TargetPool pool = config.targetPool() != null
          ? TargetPool.fromDirectory(config.targetPool(), faces, models)
          : TargetPool.bundled();
      if (config.strategy() == Strategy.TARGETED) {
        for (String name : names) {
          if (!pool.covers(name)) {
            throw new ModelException("Target pool '" + pool.name() + "' has no centroids for extractor '" + name
                + "'; build the pool with that extractor or choose an ensemble it covers");
          }
        }
      }
      return new CloakPipeline(config, tuning, faces, owned, models, pool);
    } catch (RuntimeException e) {
      if (owned != null) {
        owned.close();
      }
      throw e;
    }
  }

  /** The configuration. */
  public CloakConfig config() {
    return config;
  }

  /** The ensemble's extractor names, in order. */
  public List<String> extractors() {
    return models.stream().map(m -> m.spec().name()).toList();
  }

  /** The target pool. */
  public TargetPool pool() {
    return pool;
  }

  /**
   * Cloaks the photos of one person.
   *
   * @param target the identity to push toward; null to choose one from the photos (targeted
   *     strategy); ignored by the untargeted strategy
   * @param beforeStep runs before every optimization step; it throws to stop the call
   */
  public List<CloakResult> cloak(List<BufferedImage> photos, TargetIdentity target, Runnable beforeStep) {
    // Everything that can fail on bad input happens before any optimization.
    List<FaceCrop> faces = faces(photos);
    Map<FaceCrop, float[][]> clean = embed(faces);
    TargetIdentity chosen = target(clean, target);
    Map<FaceCrop, CloakedFace> cloaked = new HashMap<>();
    for (List<FaceCrop> chunk : chunks(faces)) {
      optimize(chunk, clean, chosen, beforeStep).forEach(c -> cloaked.put(c.face(), c));
    }
    return paste(photos, faces, cloaked, chosen);
  }

  /**
   * Chooses a target identity for the person in {@code photos}, as in the Fawkes paper.
   *
   * @throws NoFaceException if no photo has a face
   */
  public TargetIdentity chooseTarget(List<BufferedImage> photos) {
    Map<FaceCrop, float[][]> clean = embed(faces(photos));
    if (clean.isEmpty()) {
      throw new NoFaceException("No face found in the " + photos.size() + " photos; a target identity is chosen "
          + "from the person's faces, so pass photos in which the face is visible");
    }
    return choose(clean);
  }

  /** Step 1: every face of every photo, aligned once, in photo order. */
  private List<FaceCrop> faces(List<BufferedImage> photos) {
    List<FaceCrop> faces = new ArrayList<>();
    for (int p = 0; p < photos.size(); p++) {
      List<AlignedFace> found = aligner.align(photos.get(p));
      if (config.largestFaceOnly() && found.size() > 1) {
        found = List.of(AlignedFace.largest(found));
      }
      for (AlignedFace aligned : found) {
        if (aligned.crop().getWidth() < FaceCrop.MIN_SIZE) {
          throw new ImageException("photo " + p + ": the face crop is " + aligned.crop().getWidth() + " px; at least "
              + FaceCrop.MIN_SIZE + " px are needed (use a larger photo of the face)");
        }
        faces.add(new FaceCrop(p, aligned));
      }
    }
    return faces;
  }

  /** Step 2: the clean embeddings of every face, [model][dim] per face. */
  private Map<FaceCrop, float[][]> embed(List<FaceCrop> faces) {
    Map<FaceCrop, float[][]> out = new LinkedHashMap<>();
    for (List<FaceCrop> chunk : chunks(faces)) {
      CloakGraph graph = graph(chunk.get(0).size(), chunk.size());
      List<float[]> e = graph.embed(FaceBatch.of(chunk, graph.batch(), config.seed(), tuning));
      for (int slot = 0; slot < chunk.size(); slot++) {
        float[][] perModel = new float[models.size()][];
        for (int k = 0; k < models.size(); k++) {
          int dim = e.get(k).length / graph.batch();
          perModel[k] = new float[dim];
          System.arraycopy(e.get(k), slot * dim, perModel[k], 0, dim);
        }
        out.put(chunk.get(slot), perModel);
      }
    }
    return out;
  }

  /** Step 3: the identity to push toward; null for untargeted, or targeted without a face to choose from. */
  private TargetIdentity target(Map<FaceCrop, float[][]> clean, TargetIdentity given) {
    if (config.strategy() == Strategy.UNTARGETED) {
      return null;
    }
    if (given != null) {
      return given;
    }
    return clean.isEmpty() ? null : choose(clean);
  }

  private TargetIdentity choose(Map<FaceCrop, float[][]> clean) {
    Map<String, float[]> person = new LinkedHashMap<>();
    for (int k = 0; k < models.size(); k++) {
      float[] sum = new float[clean.values().iterator().next()[k].length];
      for (float[][] face : clean.values()) {
        for (int d = 0; d < sum.length; d++) {
          sum[d] += face[k][d];
        }
      }
      person.put(models.get(k).spec().name(), sum);
    }
    return pool.choose(person, TARGET_CANDIDATES, config.seed());
  }

  /** Step 4: optimizes one batch of faces of one crop size; returns each face's cloaked crop and report. */
  private List<CloakedFace> optimize(List<FaceCrop> chunk, Map<FaceCrop, float[][]> clean, TargetIdentity target,
      Runnable beforeStep) {
    long start = System.nanoTime();
    CloakGraph graph = graph(chunk.get(0).size(), chunk.size());
    FaceBatch batch = FaceBatch.of(chunk, graph.batch(), config.seed(), tuning);
    List<float[]> targets = new ArrayList<>();
    List<float[]> weights = new ArrayList<>();
    for (int k = 0; k < models.size(); k++) {
      int model = k;
      float[] centroid = target == null ? null : pool.centroid(target, models.get(k).spec().name());
      int dim = clean.get(chunk.get(0))[k].length;
      targets.add(batch.pack(dim, face -> centroid != null ? centroid : clean.get(face)[model]));
      weights.add(batch.pack(1, face -> new float[] {weight(clean.get(face)[model], centroid)}));
    }
    graph.start(batch, targets, weights);
    for (int step = 0; step < config.maxSteps(); step++) {
      beforeStep.run();
      graph.step((float) config.dssimBudget(), (float) config.learningRate(), batch.jitteredFraming());
    }
    // Measure what the user gets: the 8-bit image.
    float[] best = graph.best();
    for (int i = 0; i < best.length; i++) {
      best[i] = Math.round(Math.min(1f, Math.max(0f, best[i])) * 255f) / 255f;
    }
    CloakGraph.Evaluation evaluation = graph.evaluate(best);
    Duration time = Duration.ofNanos((System.nanoTime() - start) / chunk.size());
    int pixels = graph.size() * graph.size() * 3;
    List<CloakedFace> out = new ArrayList<>();
    for (int slot = 0; slot < chunk.size(); slot++) {
      FaceCrop face = chunk.get(slot);
      Map<String, Double> shift = new LinkedHashMap<>();
      for (int k = 0; k < models.size(); k++) {
        float[] e0 = clean.get(face)[k];
        float[] e1 = new float[e0.length];
        System.arraycopy(evaluation.embeddings().get(k), slot * e0.length, e1, 0, e0.length);
        shift.put(models.get(k).spec().name(), 1 - Embeddings.dot(e0, e1));
      }
      float[] crop = new float[pixels];
      System.arraycopy(best, slot * pixels, crop, 0, pixels);
      out.add(new CloakedFace(face, crop, evaluation.dssim()[slot], shift, time));
    }
    return out;
  }

  /**
   * The weight of one extractor's term for one face: with per-model normalisation of a targeted
   * cloak, one over the clean face's squared distance to the target, so that each term starts at 1.
   */
  private float weight(float[] clean, float[] target) {
    if (!tuning.normalizePerModel() || target == null) {
      return 1f;
    }
    double d = 0;
    for (int i = 0; i < clean.length; i++) {
      d += (clean[i] - target[i]) * (clean[i] - target[i]);
    }
    return (float) (1 / Math.max(d, 1e-3));
  }

  /**
   * Step 5: each photo copied once, its faces' cloaks written in, largest face first; where crops
   * overlap a pixel keeps the change of the largest face, so that cloaks never add up on a face
   * (the detector's spurious faces inside a large one did: docs/evaluation.md).
   */
  private List<CloakResult> paste(List<BufferedImage> photos, List<FaceCrop> faces,
      Map<FaceCrop, CloakedFace> cloaked, TargetIdentity target) {
    int steps = config.maxSteps();
    List<List<CloakedFace>> byPhoto = new ArrayList<>();
    photos.forEach(p -> byPhoto.add(new ArrayList<>()));
    faces.forEach(face -> byPhoto.get(face.photo()).add(cloaked.get(face)));
    List<CloakResult> results = new ArrayList<>();
    for (int p = 0; p < photos.size(); p++) {
      BufferedImage photo = photos.get(p);
      BufferedImage out = FacePaster.copy(photo);
      List<CloakedFace> done = byPhoto.get(p);
      BitSet written = new BitSet();
      done.stream().sorted(Comparator.comparingDouble((CloakedFace c) -> c.face().aligned().sideInPhoto()).reversed())
          .forEach(c -> FacePaster.paste(out, c.face().aligned(), c.pixels(), written));
      // Measured after every face is in: what the user gets, where people look.
      List<FaceCloak> reports = done.stream().map(c -> new FaceCloak(c.dssim(),
          Visibility.measure(photo, out, c.face().aligned().canonicalInPhoto()), c.featureShift(), steps, c.time())).toList();
      results.add(new CloakResult(out, done.size(), reports, target));
    }
    return results;
  }

  /** Faces grouped by crop size, in chunks of at most the batch size. */
  private List<List<FaceCrop>> chunks(List<FaceCrop> faces) {
    Map<Integer, List<FaceCrop>> bySize = new LinkedHashMap<>();
    faces.forEach(f -> bySize.computeIfAbsent(f.size(), s -> new ArrayList<>()).add(f));
    List<List<FaceCrop>> chunks = new ArrayList<>();
    for (List<FaceCrop> group : bySize.values()) {
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
    int batch = faces == 1 ? 1 : Math.min(config.batchSize(), Integer.highestOneBit(faces - 1) << 1);
    return graphs.computeIfAbsent(List.of(size, batch), key -> CloakGraph.builder(models, size, batch)
        .strategy(config.strategy()).tuning(tuning).threads(config.threads()).build());
  }

  /** Releases the graphs and the aligner this pipeline created; idempotent. */
  @Override
  public void close() {
    graphs.values().forEach(CloakGraph::close);
    graphs.clear();
    if (ownedAligner != null) {
      ownedAligner.close();
    }
  }

  /** One face's cloaked crop (RGB floats) and what the optimizer measured of it. */
  private record CloakedFace(FaceCrop face, float[] pixels, float dssim, Map<String, Double> featureShift,
      Duration time) {}
}
