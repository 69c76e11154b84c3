package dev.fawkes.tf.cloak.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.AlignedFace;
import dev.fawkes.CloakConfig;
import dev.fawkes.CloakListener;
import dev.fawkes.CloakProgress;
import dev.fawkes.CloakProgress.Stage;
import dev.fawkes.CloakResult;
import dev.fawkes.FaceAligner;
import dev.fawkes.FaceCloak;
import dev.fawkes.ModelException;
import dev.fawkes.NoFaceException;
import dev.fawkes.Strategy;
import dev.fawkes.TargetIdentity;
import dev.fawkes.UnprotectedFaceException;
import dev.fawkes.photo.Photos;
import dev.fawkes.tf.face.SimilarityWarp;
import dev.fawkes.tf.face.TfFaceAligner;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.ModelZoo;
import dev.fawkes.tf.pool.TargetPool;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The cloak of one call as a one-way pipeline: {@link #find} reads every photo as RGB with its
 * stored values and aligns its faces once, {@link #embed} reads the clean embeddings, {@link #target}
 * settles the identity, {@link #optimize} cloaks one batch of faces, and {@link #write} writes the
 * cloaks into copies of the photos under the budget and measures every face as written. Each step
 * returns what the next one reads. Graphs are built once per (crop size, batch size) and reused.
 *
 * <p>Not thread-safe: {@link dev.fawkes.tf.cloak.TfCloaker} serves one call at a time through it.
 * The lab (fawkes-bench) uses it directly to measure other {@link CloakTuning}s.
 */
public final class CloakPipeline implements AutoCloseable {
  /** Library events (models loaded, graphs built) at DEBUG; the library prints nothing itself. */
  private static final System.Logger LOG = System.getLogger(CloakPipeline.class.getName());
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
    return create(config, tuning, aligner, List.of());
  }

  /**
   * As {@link #create(CloakConfig, CloakTuning, FaceAligner)}, with the application's own models
   * added to the configuration's ensemble, after it.
   *
   * @param more models the application loaded ({@code FaceModel.from*}); their names must differ
   *     from each other and from the configuration's extractors
   */
  public static CloakPipeline create(CloakConfig config, CloakTuning tuning, FaceAligner aligner, List<FaceModel> more) {
    checkNotNull(config, "config");
    checkNotNull(tuning, "tuning");
    checkNotNull(more, "more");
    if (config.targetPool() != null && !Files.isDirectory(config.targetPool())) {
      throw new ModelException("Target pool folder " + config.targetPool() + " does not exist or is not a folder; "
          + "give CloakConfig.Builder.targetPool an existing folder of <identity>/ photo folders");
    }
    List<FaceModel> models = new ArrayList<>();
    (config.extractors().isEmpty() ? config.preset().extractors() : config.extractors()).stream().map(ModelZoo::load)
        .forEach(models::add);
    for (FaceModel model : more) {
      checkNotNull(model, "a model of more is null");
      checkArgument(models.stream().noneMatch(m -> m.spec().name().equals(model.spec().name())),
          "the ensemble already has an extractor named '%s'; give your model another name in its ExtractorSpec",
          model.spec().name());
      models.add(model);
    }
    List<String> names = models.stream().map(m -> m.spec().name()).toList();
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
      LOG.log(System.Logger.Level.DEBUG, () -> "Loaded the extractors " + names + " and the target pool '"
          + pool.name() + "' (" + pool.identities().size() + " identities)");
      return new CloakPipeline(config, tuning, faces, owned, List.copyOf(models), pool);
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
   * @param listener told of the call's progress as {@link CloakListener} says: when each stage
   *     starts, after each photo and after every optimization step (so also before every step); it
   *     throws to stop the call
   */
  public List<CloakResult> cloak(List<BufferedImage> photos, TargetIdentity target, CloakListener listener) {
    // Everything that can fail on bad input happens before any optimization.
    List<BufferedImage> rgb = photos.stream().map(Photos::toRgb).toList();
    List<List<Found>> found = find(rgb, listener);
    List<FaceCrop> faces = cloakable(found);
    Map<FaceCrop, float[][]> clean = embed(faces);
    TargetIdentity chosen = target(clean, target);
    Map<FaceCrop, CloakedFace> cloaked = new HashMap<>();
    List<List<FaceCrop>> chunks = chunks(faces);
    int steps = chunks.size() * config.maxSteps();
    listener.onProgress(new CloakProgress(Stage.OPTIMIZING, 0, steps));
    for (int c = 0; c < chunks.size(); c++) {
      int before = c * config.maxSteps();
      IntConsumer afterStep = step -> listener.onProgress(new CloakProgress(Stage.OPTIMIZING, before + step, steps));
      optimize(chunks.get(c), clean, chosen, afterStep).forEach(f -> cloaked.put(f.face(), f));
    }
    List<CloakResult> results = write(photos, rgb, found, clean, cloaked, chosen, listener);
    if (config.requireAllFaces()) {
      requireAll(results);
    }
    listener.onProgress(new CloakProgress(Stage.WRITING, photos.size(), photos.size()));
    return results;
  }

  /**
   * Chooses a target identity for the person in {@code photos}, as in the Fawkes paper.
   *
   * @param listener told of the detection's progress (its {@link Stage#DETECTING} events only); it
   *     throws to stop the call
   * @throws NoFaceException if no photo has a face
   */
  public TargetIdentity chooseTarget(List<BufferedImage> photos, CloakListener listener) {
    Map<FaceCrop, float[][]> clean = embed(cloakable(find(photos.stream().map(Photos::toRgb).toList(), listener)));
    if (clean.isEmpty()) {
      throw new NoFaceException("No face found in the " + photos.size() + " photos; a target identity is chosen "
          + "from the person's faces, so pass photos in which the face is visible");
    }
    return choose(clean);
  }

  /**
   * Step 1: every face of every photo (read as RGB with its stored values), aligned once, in photo
   * order; a face too small to cloak is kept, without a crop, to be reported. An event after each
   * photo lets a call of many photos stop during detection too.
   */
  private List<List<Found>> find(List<BufferedImage> rgb, CloakListener listener) {
    List<List<Found>> found = new ArrayList<>();
    listener.onProgress(new CloakProgress(Stage.DETECTING, 0, rgb.size()));
    for (int p = 0; p < rgb.size(); p++) {
      List<AlignedFace> aligned = aligner.align(rgb.get(p));
      if (config.largestFaceOnly() && aligned.size() > 1) {
        aligned = List.of(AlignedFace.largest(aligned));
      }
      List<Found> faces = new ArrayList<>();
      for (AlignedFace face : aligned) {
        Rectangle box = face.canonicalInPhoto();
        boolean tooSmall = Math.min(box.width, box.height) < config.minFaceSide()
            || face.crop().getWidth() < FaceCrop.MIN_SIZE;
        faces.add(new Found(face, tooSmall ? null : new FaceCrop(p, face)));
      }
      found.add(faces);
      listener.onProgress(new CloakProgress(Stage.DETECTING, p + 1, rgb.size()));
    }
    return found;
  }

  /** The faces that are cloaked, in photo order. */
  private static List<FaceCrop> cloakable(List<List<Found>> found) {
    return found.stream().flatMap(List::stream).map(Found::crop).filter(Objects::nonNull).toList();
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

  /**
   * Step 4: optimizes one batch of faces of one crop size; returns each face's cloaked crop and
   * report. {@code afterStep} gets the number of steps done after each step.
   */
  private List<CloakedFace> optimize(List<FaceCrop> chunk, Map<FaceCrop, float[][]> clean, TargetIdentity target,
      IntConsumer afterStep) {
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
      graph.step((float) config.dssimBudget(), (float) config.learningRate(), batch.jitteredFraming());
      afterStep.accept(step + 1);
    }
    // Rounded to what an 8-bit photo holds; PhotoWriter measures and bounds what is written.
    float[] best = graph.best();
    for (int i = 0; i < best.length; i++) {
      best[i] = Math.round(Math.min(1f, Math.max(0f, best[i])) * 255f) / 255f;
    }
    Duration time = Duration.ofNanos((System.nanoTime() - start) / chunk.size());
    int pixels = graph.size() * graph.size() * 3;
    List<CloakedFace> out = new ArrayList<>();
    for (int slot = 0; slot < chunk.size(); slot++) {
      FaceCrop face = chunk.get(slot);
      float[] crop = new float[pixels];
      System.arraycopy(best, slot * pixels, crop, 0, pixels);
      out.add(new CloakedFace(face, crop, !Arrays.equals(crop, face.pixels()), time));
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
   * Step 5: each photo's cloaks written into a copy under the budget ({@link PhotoWriter}); then
   * every face is measured as written: visibility on the photo at full resolution, feature shift
   * on its crop cut again from the written photo. The listener hears of each photo written but the
   * last, which {@link #cloak} reports once the results are ready.
   */
  private List<CloakResult> write(List<BufferedImage> photos, List<BufferedImage> rgb, List<List<Found>> found,
      Map<FaceCrop, float[][]> clean, Map<FaceCrop, CloakedFace> cloaked, TargetIdentity target,
      CloakListener listener) {
    List<PhotoWriter.Written> written = new ArrayList<>();
    List<FaceCrop> recut = new ArrayList<>();
    for (int p = 0; p < photos.size(); p++) {
      listener.onProgress(new CloakProgress(Stage.WRITING, p, photos.size()));
      List<PhotoWriter.Face> faces = new ArrayList<>();
      for (Found f : found.get(p)) {
        CloakedFace c = f.crop() == null ? null : cloaked.get(f.crop());
        faces.add(new PhotoWriter.Face(f.aligned(), c == null || !c.changed() ? null : FacePaster.delta(f.aligned(), c.pixels())));
      }
      PhotoWriter.Written w = PhotoWriter.write(rgb.get(p), faces, config.dssimBudget());
      written.add(w);
      for (Found f : found.get(p)) {
        if (f.crop() != null) {
          AlignedFace a = f.aligned();
          BufferedImage crop = SimilarityWarp.sampleAveraged(w.rgb(), a.cropToPhoto(), a.crop().getWidth());
          recut.add(new FaceCrop(p, new AlignedFace(crop, a.cropToPhoto(), a.canonical(), a.score())));
        }
      }
    }
    Map<FaceCrop, float[][]> after = embed(recut);
    Iterator<FaceCrop> next = recut.iterator();
    List<CloakResult> results = new ArrayList<>();
    for (int p = 0; p < photos.size(); p++) {
      PhotoWriter.Written w = written.get(p);
      List<FaceCloak> reports = new ArrayList<>();
      for (int i = 0; i < found.get(p).size(); i++) {
        Found f = found.get(p).get(i);
        Rectangle box = f.aligned().canonicalInPhoto();
        double score = Math.max(0, Math.min(1, f.aligned().score()));
        if (f.crop() == null) {
          reports.add(new FaceCloak(FaceCloak.Status.TOO_SMALL, box, score, w.visibility().get(i), Map.of(), 0,
              Duration.ZERO));
          continue;
        }
        float[][] written1 = after.get(next.next());
        Map<String, Double> shift = new LinkedHashMap<>();
        for (int k = 0; k < models.size(); k++) {
          shift.put(models.get(k).spec().name(), 1 - Embeddings.dot(clean.get(f.crop())[k], written1[k]));
        }
        FaceCloak.Status status = w.scale()[i] > 0 ? FaceCloak.Status.PROTECTED : FaceCloak.Status.BUDGET_NOT_REACHED;
        reports.add(new FaceCloak(status, box, score, w.visibility().get(i), shift, config.maxSteps(),
            cloaked.get(f.crop()).time()));
      }
      results.add(new CloakResult(PhotoWriter.inInputType(photos.get(p), w.rgb()), reports, target));
    }
    return results;
  }

  /** With {@link CloakConfig#requireAllFaces()}: fails the call when a face found is not protected. */
  private static void requireAll(List<CloakResult> results) {
    for (int p = 0; p < results.size(); p++) {
      for (FaceCloak face : results.get(p).faces()) {
        if (!face.isProtected()) {
          throw new UnprotectedFaceException("photo " + p + ": the face at " + face.box().x + "," + face.box().y + " ("
              + face.box().width + "x" + face.box().height + " px) is " + face.status().label()
              + (face.status() == FaceCloak.Status.TOO_SMALL
                  ? "; use a larger photo of the face, or a smaller minFaceSide"
                  : "; try a higher preset or more steps")
              + ", or leave requireAllFaces off to get the photo with the face reported", results);
        }
      }
    }
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
    return graphs.computeIfAbsent(List.of(size, batch), key -> {
      long start = System.nanoTime();
      CloakGraph graph = CloakGraph.builder(models, size, batch).strategy(config.strategy()).tuning(tuning)
          .threads(config.threads()).build();
      LOG.log(System.Logger.Level.DEBUG, () -> String.format(Locale.ROOT,
          "Built the cloak graph for %d px crops, batch %d, in %d ms (once per crop size and batch size)", size, batch,
          (System.nanoTime() - start) / 1_000_000));
      return graph;
    });
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

  /**
   * One face's cloaked crop (RGB floats) and its share of the batch's time.
   *
   * @param changed false where no in-budget iterate was found and the crop is the original
   */
  private record CloakedFace(FaceCrop face, float[] pixels, boolean changed, Duration time) {}

  /** A face found in a photo, and its crop; no crop for a face too small to cloak. */
  private record Found(AlignedFace aligned, FaceCrop crop) {}
}
