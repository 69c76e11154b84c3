package dev.fawkes.bench.eval;

import com.google.common.hash.Hashing;
import dev.fawkes.CloakResult;
import dev.fawkes.Strategy;
import dev.fawkes.bench.Landmarks;
import dev.fawkes.bench.LfwSplit;
import dev.fawkes.bench.NearestCentroid;
import dev.fawkes.bench.TrackerInput;
import dev.fawkes.bench.eval.EvalReport.Baseline;
import dev.fawkes.bench.eval.EvalReport.CloakOutcome;
import dev.fawkes.bench.eval.EvalReport.Kind;
import dev.fawkes.bench.eval.EvalReport.Quality;
import dev.fawkes.bench.eval.EvalReport.Role;
import dev.fawkes.bench.eval.EvalReport.TrackerOutcome;
import dev.fawkes.bench.eval.EvalReport.VisibilitySummary;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.ImageQuality;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.cloak.internal.CloakPipeline;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.ModelZoo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;

/**
 * The protection evaluation of the Fawkes paper, on LFW, with controls and adaptive trackers: the
 * entry point of this package.
 *
 * <ol>
 *   <li>Draw the protected people (seeded, each with at least 20 photos) from the calibration or the
 *       report set ({@link PersonSet}), or take them by name. Every user's first 60% of photos by name
 *       are training photos, the rest test photos.
 *   <li>Cloak each protected person's training photos with the full pipeline (detect, align,
 *       cloak, put back) and save them as PNG and as JPEG 85; from the PNG also derive JPEG 70, a
 *       2x downscale, a Gaussian blur (sigma 1) and partial leaks (20% and 50% left clean). With
 *       {@code upscale} the photos are enlarged before they are cloaked.
 *   <li>Controls: the training photos unchanged (identity), and each preset's photos with random
 *       noise of the same dE p95 instead of the cloak.
 *   <li>For each tracker (recogniser with its own input, {@link TrackerInput}) and head, learn every
 *       user and the extra classes from the training photos (the protected people's cloaked), and
 *       identify the protected people's clean test photos. Two adaptive trackers besides: one that
 *       trains on its photos and their JPEG 70, downscaled and blurred copies ({@code augmented}), and
 *       one that cloaks public photos with this library and maps every training embedding from cloaked
 *       to clean before it learns ({@code aware}, {@link CloakAwareMap}).
 * </ol>
 *
 * <p>Not thread-safe; one run at a time per instance. Progress goes to the given stream.
 */
public final class ProtectionEvaluation {
  /** The copies the augmented tracker adds of each training photo. */
  private static final List<String> AUGMENTATIONS = List.of("jpeg70", "downscale2", "blur1");
  /** Added to the run's seed for the cloak-aware tracker's own cloaks of public photos. */
  private static final long PUBLIC_SEED_OFFSET = 7919;

  private final EvalOptions options;
  private final Path cache;
  private final PrintStream progress;
  private final Consumer<EvalReport> partial;
  private final long started = System.nanoTime();

  private ProtectionEvaluation(EvalOptions options, Path cache, PrintStream progress, Consumer<EvalReport> partial) {
    this.options = options;
    this.cache = cache;
    this.progress = progress;
    this.partial = partial;
  }

  /** Runs the evaluation, caching the cloak-aware tracker's public cloaks under {@code target/}. */
  public static EvalReport run(EvalOptions options, PrintStream progress) {
    return run(options, Path.of("target", "fawkes-eval-cache"), progress);
  }

  /**
   * Runs the evaluation; progress lines go to {@code progress}. The public photos that the
   * cloak-aware tracker cloaks, and the trackers' embeddings of unchanged photos, are cached in
   * {@code cache}, so later runs reuse them.
   */
  public static EvalReport run(EvalOptions options, Path cache, PrintStream progress) {
    return run(options, cache, progress, report -> { });
  }

  /**
   * As {@link #run(EvalOptions, Path, PrintStream)}, handing {@code partial} the report so far
   * after every finished row (a cloak or a control), so that a caller can write it as it grows.
   */
  public static EvalReport run(EvalOptions options, Path cache, PrintStream progress, Consumer<EvalReport> partial) {
    return new ProtectionEvaluation(options, cache, progress, partial).run();
  }

  /** What a tracker knows before any cloak: its embeddings of every clean photo and its public fit. */
  private static final class Known {
    final Map<Path, float[]> clean;
    final Map<String, Map<Path, float[]>> augmented = new LinkedHashMap<>();
    Map<Path, float[]> publicClean = Map.of();
    SoftmaxRegression publicFit;

    Known(Map<Path, float[]> clean) {
      this.clean = clean;
    }
  }

  private EvalReport run() {
    EvalData data = EvalData.load(options);
    log("protected people (%d, %s): %s", data.protectedPeople().size(),
        options.names().isEmpty() ? options.set().label() + " set" : "named",
        data.protectedPeople().stream().map(LfwSplit.Person::name).toList());
    List<Path> training = new ArrayList<>();
    data.users().forEach(p -> training.addAll(p.gallery()));
    data.extras().forEach(p -> training.addAll(p.gallery()));
    List<Path> files = new ArrayList<>(training);
    data.protectedPeople().forEach(p -> files.addAll(p.queries()));
    List<Tracker> trackers = new ArrayList<>();
    EmbeddingCache embeddings = new EmbeddingCache(cache == null ? null : cache.resolve("embeddings"));
    try (Landmarks landmarks = new Landmarks()) {
      Map<String, Known> known = new LinkedHashMap<>();
      List<Baseline> baselines = new ArrayList<>();
      for (String name : options.trackers()) {
        Tracker tracker = new Tracker(name, landmarks);
        trackers.add(tracker);
        long t = System.nanoTime();
        EmbeddingCache.Entry clean = embeddings.get(name, "clean", files, () -> tracker.embedFiles(files),
            tracker::undetected);
        Known k = new Known(clean.embeddings());
        int undetected = clean.undetected();
        for (String augmentation : AUGMENTATIONS) {
          k.augmented.put(augmentation, embeddings.get(name, augmentation, training,
              () -> tracker.embedFiles(training, Degradation.named(augmentation)), tracker::undetected).embeddings());
        }
        if (!data.publicPhotos().isEmpty()) {
          k.publicClean = embeddings.get(name, "clean", data.publicPhotos(), () -> tracker.embedFiles(data.publicPhotos()),
              tracker::undetected).embeddings();
        }
        k.publicFit = SoftmaxRegression.fit(publicSet(data, k.clean), null, options.logisticEpochs(), options.seed());
        known.put(name, k);
        Map<Head, Map<String, Double>> protection = protection(data, k, data.protectedPeople(),
            person -> embeddingsOf(person.gallery(), k.clean));
        Map<Head, Double> accuracy = new EnumMap<>(Head.class);
        Map<Head, Map<String, Double>> perPerson = new EnumMap<>(Head.class);
        protection.forEach((head, people) -> {
          accuracy.put(head, 1 - mean(people.values()));
          Map<String, Double> rates = new LinkedHashMap<>();
          people.forEach((person, p) -> rates.put(person, 1 - p));
          perPerson.put(head, rates);
        });
        baselines.add(new Baseline(name, tracker.family(), accuracy, perPerson, undetected));
        log("tracker %s: %d photos embedded (and %d copies), clean accuracy %s, no face found in %d (%.0f s)", name,
            files.size(), AUGMENTATIONS.size() * training.size(), format(accuracy), undetected,
            (System.nanoTime() - t) / 1e9);
      }
      Map<String, Object> protocol = new LinkedHashMap<>();
      protocol.put("data", options.data().toString());
      protocol.put("quick", options.quick());
      protocol.put("seed", options.seed());
      protocol.put("personSet", options.names().isEmpty() ? options.set().label() : "named");
      protocol.put("splitSeed", PersonSet.SPLIT_SEED);
      try {
        protocol.put("calibrationSet", PersonSet.CALIBRATION.members(data.users().stream()
            .filter(p -> p.gallery().size() + p.queries().size() >= EvalOptions.MIN_PHOTOS).map(LfwSplit.Person::name)
            .toList()));
      } catch (IllegalArgumentException e) {
        protocol.put("calibrationSet", "not in this data");
      }
      protocol.put("highResolutionRows", "no noise control and no cloak-aware tracker (their public cloaks would cost "
          + "as much as the row); people=N rows report on their N people only");
      protocol.put("protectedPeople", data.protectedPeople().stream().map(LfwSplit.Person::name).toList());
      protocol.put("trainingFraction", EvalOptions.TRAINING_FRACTION);
      protocol.put("trainingPhotosCloaked", data.protectedPeople().stream().mapToInt(p -> p.gallery().size()).sum());
      protocol.put("testPhotos", data.protectedPeople().stream().mapToInt(p -> p.queries().size()).sum());
      protocol.put("classes", data.users().size() + data.extras().size());
      protocol.put("extraClasses", data.extras().size());
      protocol.put("trackerTrainingPhotos", training.size());
      protocol.put("trackers", options.trackers());
      protocol.put("heads", List.of(Head.values()).stream().map(Head::label).toList());
      protocol.put("knnK", KNearestNeighbours.K);
      protocol.put("logisticEpochs", options.logisticEpochs());
      protocol.put("leaveOneOut", options.leaveOneOut());
      protocol.put("augmentations", AUGMENTATIONS);
      protocol.put("awarePublicPhotos", data.publicPhotos().size());
      Map<String, VisibilitySummary> references = references(data);
      List<CloakOutcome> rows = new ArrayList<>();
      // Every finished row is reported at once, so that a long run that stops keeps what it measured.
      Consumer<CloakOutcome> report = row -> {
        rows.add(row);
        partial.accept(new EvalReport(protocol, baselines, List.copyOf(rows), references, elapsed()));
      };
      Changed identity = control(data, "identity", Map.of());
      report.accept(evaluate("identity", Kind.CONTROL, null, null, identity, data, trackers, known, null));
      for (CloakSpec spec : options.cloaks()) {
        CloakSpec seeded = spec.withSeed(options.seed());
        // The high-resolution variant leaves the cloak-aware tracker out: its public cloaks would cost
        // as much as the variant itself.
        Map<String, CloakAwareMap> maps = seeded.upscale() == 1 ? awareMaps(seeded, data, trackers, known) : null;
        Changed cloaked = cloak(seeded, data);
        report.accept(evaluate(seeded.label(), Kind.CLOAK, seeded, null, cloaked, data, trackers, known, maps));
        if (seeded.upscale() == 1) {
          String label = "noise as " + seeded.label();
          Changed noise = control(data, label, cloaked.deltaEP95);
          // The cloak-aware tracker's map applied to photos that were not cloaked: what it costs them.
          report.accept(evaluate(label, Kind.CONTROL, seeded, null, noise, data, trackers, known, maps));
        }
        if (options.leaveOneOut() && seeded.extractors().size() > 1) {
          for (String member : seeded.extractors()) {
            if (options.trackers().contains(member)) {
              CloakSpec without = seeded.without(member);
              report.accept(evaluate(without.label(), Kind.CLOAK, without, member, cloak(without, data), data, trackers,
                  known, null));
            }
          }
        }
      }
      return new EvalReport(protocol, baselines, List.copyOf(rows), references, elapsed());
    } finally {
      trackers.forEach(Tracker::close);
    }
  }

  /** Measures every tracker against one set of changed training photos. */
  private CloakOutcome evaluate(String label, Kind kind, CloakSpec spec, String heldOut, Changed changed, EvalData data,
      List<Tracker> trackers, Map<String, Known> known, Map<String, CloakAwareMap> maps) {
    List<TrackerOutcome> outcomes = new ArrayList<>();
    for (Tracker tracker : trackers) {
      if (heldOut != null && spec.extractors().contains(tracker.name())) {
        continue;
      }
      Role role = spec == null || kind == Kind.CONTROL ? Role.CONTROL : spec.extractors().contains(tracker.name())
          ? Role.WHITE_BOX : families(spec).contains(tracker.family()) ? Role.SAME_FAMILY : Role.BLACK_BOX;
      Map<String, Map<Path, float[]>> variants = new LinkedHashMap<>();
      List<Path> paths = new ArrayList<>(changed.png.keySet());
      List<LfwSplit.Person> people = data.protectedPeople().stream()
          .filter(p -> changed.png.containsKey(p.gallery().get(0))).toList();
      for (String variant : Changed.SAVED) {
        List<float[]> e = tracker.embed(paths.stream().map(p -> changed.saved.get(variant).get(p)).toList());
        Map<Path, float[]> byPath = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
          byPath.put(paths.get(i), e.get(i));
        }
        variants.put(variant, byPath);
      }
      Known k = known.get(tracker.name());
      double cosine = mean(paths.stream().map(p -> Embeddings.cosine(k.clean.get(p), variants.get("png").get(p))).toList());
      CloakAwareMap map = maps == null ? null : maps.get(tracker.name());
      List<String> measured = new ArrayList<>(EvalReport.VARIANTS);
      if (map == null) {
        measured.remove("aware");
      }
      // The heads train on the CPU while TensorFlow idles: one variant per core.
      Map<String, Map<Head, Map<String, Double>>> fitted = new ConcurrentHashMap<>();
      measured.parallelStream().forEach(variant -> fitted.put(variant, switch (variant) {
        case "leak20" -> protection(data, k, people, person -> leaked(person, 0.2, k.clean, variants.get("png")));
        case "leak50" -> protection(data, k, people, person -> leaked(person, 0.5, k.clean, variants.get("png")));
        case "augmented" -> augmented(data, k, people, variants);
        case "aware" -> aware(data, k, people, variants.get("png"), map);
        default -> protection(data, k, people, person -> trainingOf(person, variants.get(variant), k.clean));
      }));
      Map<String, Map<Head, Map<String, Double>>> perPerson = new LinkedHashMap<>();
      measured.forEach(v -> perPerson.put(v, fitted.get(v)));
      Map<String, Map<Head, Double>> means = new LinkedHashMap<>();
      perPerson.forEach((variant, heads) -> {
        Map<Head, Double> m = new EnumMap<>(Head.class);
        heads.forEach((head, rates) -> m.put(head, mean(rates.values())));
        means.put(variant, m);
      });
      outcomes.add(new TrackerOutcome(tracker.name(), role, cosine, means, perPerson));
      log("  %s (%s): cosine %.3f, protection png %s, augmented %s, aware %s", tracker.name(), role.label(), cosine,
          format(means.get("png")), format(means.get("augmented")), map == null ? "-" : format(means.get("aware")));
    }
    return new CloakOutcome(label, kind, spec, heldOut, changed.quality, changed.targets, outcomes);
  }

  /** The augmented tracker: every training photo with its JPEG 70, downscaled and blurred copies. */
  private Map<Head, Map<String, Double>> augmented(EvalData data, Known k, List<LfwSplit.Person> people,
      Map<String, Map<Path, float[]>> variants) {
    return protection(data, k, people, person -> {
      List<float[]> out = new ArrayList<>();
      out.addAll(trainingOf(person, variants.get("png"), k.clean));
      for (String augmentation : AUGMENTATIONS) {
        out.addAll(trainingOf(person, variants.get(augmentation), k.augmented.get(augmentation)));
      }
      return out;
    });
  }

  /** The cloak-aware tracker: every training embedding mapped from cloaked to clean before it learns. */
  private Map<Head, Map<String, Double>> aware(EvalData data, Known k, List<LfwSplit.Person> people,
      Map<Path, float[]> png, CloakAwareMap map) {
    return protection(data, k, people, person -> trainingOf(person, png, k.clean).stream().map(map::apply).toList(),
        map::apply);
  }

  /**
   * Per tracker, the cloak-aware map for {@code spec}: the public photos cloaked with it (cached on
   * disk by cloak), embedded, and paired with their clean embeddings.
   */
  private Map<String, CloakAwareMap> awareMaps(CloakSpec spec, EvalData data, List<Tracker> trackers,
      Map<String, Known> known) {
    if (data.publicPhotos().size() < 4) {
      return null;
    }
    long t = System.nanoTime();
    // The tracker cannot know the user's seed: its public cloaks draw their own randomness.
    CloakSpec own = spec.withSeed(spec.config().seed() + PUBLIC_SEED_OFFSET);
    Map<Path, BufferedImage> cloaked = publicCloaks(own, data.publicPhotos());
    Map<String, CloakAwareMap> maps = new LinkedHashMap<>();
    for (Tracker tracker : trackers) {
      List<Path> paths = data.publicPhotos();
      List<float[]> cloakedE = tracker.embed(paths.stream().map(cloaked::get).toList());
      List<float[]> cleanE = paths.stream().map(known.get(tracker.name()).publicClean::get).toList();
      maps.put(tracker.name(), CloakAwareMap.fit(cloakedE, cleanE, options.seed()));
    }
    log("cloak-aware maps for %s from %d public photos (ridge %s; %.0f s)", spec.label(), data.publicPhotos().size(),
        maps.values().stream().map(m -> String.valueOf(m.ridge())).toList(), (System.nanoTime() - t) / 1e9);
    return maps;
  }

  /** The public photos cloaked with {@code spec}, from the cache or cloaked now and cached. */
  private Map<Path, BufferedImage> publicCloaks(CloakSpec spec, List<Path> photos) {
    Path dir = cache.resolve("public-cloaks").resolve(cacheName(spec));
    Map<Path, BufferedImage> out = new LinkedHashMap<>();
    List<Path> missing = new ArrayList<>();
    for (Path photo : photos) {
      Path file = dir.resolve(photo.getParent().getFileName() + "_" + photo.getFileName() + ".png");
      if (Files.isRegularFile(file)) {
        out.put(photo, Photos.readImage(file));
      } else {
        missing.add(photo);
      }
    }
    if (!missing.isEmpty()) {
      log("cloaking %d public photos with %s for the cloak-aware tracker (cache: %s)", missing.size(), spec.label(), dir);
      try (CloakPipeline cloaker = CloakPipeline.create(spec.config(), spec.tuning(), null)) {
        Files.createDirectories(dir);
        List<BufferedImage> originals = missing.stream()
            .map(p -> Degradation.upscale(Photos.readImage(p), spec.upscale())).toList();
        // One call is one person: the targeted strategy picks one target per call, and each public
        // photo is another person. Untargeted cloaks have no target and share a call.
        List<CloakResult> results = new ArrayList<>();
        if (spec.config().strategy() == Strategy.TARGETED) {
          originals.forEach(photo -> results.addAll(cloaker.cloak(List.of(photo), null, progress -> { })));
        } else {
          results.addAll(cloaker.cloak(originals, null, progress -> { }));
        }
        for (int i = 0; i < missing.size(); i++) {
          Path photo = missing.get(i);
          BufferedImage png = Degradation.png(results.get(i).image());
          Path file = dir.resolve(photo.getParent().getFileName() + "_" + photo.getFileName() + ".png");
          Path tmp = Files.createTempFile(dir, "part-", ".png");
          ImageIO.write(png, "png", tmp.toFile());
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          out.put(photo, png);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the public-cloak cache in " + dir, e);
      }
    }
    Map<Path, BufferedImage> ordered = new LinkedHashMap<>();
    photos.forEach(p -> ordered.put(p, out.get(p)));
    return ordered;
  }

  /**
   * The cache folder's name for a cloak: its label and a hash of everything that defines it and its
   * seed. The cloak's code is not in the key: after changing the cloak, delete the cache.
   */
  private static String cacheName(CloakSpec spec) {
    String key = Hashing.sha256().hashString(spec.describe() + "|" + spec.config().seed(), StandardCharsets.UTF_8)
        .toString().substring(0, 16);
    return spec.label().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + key;
  }

  /** The protected people's training photos after a change, as saved, and what the change cost. */
  private static final class Changed {
    /** The variants that are images; the leaks and adaptive trackers reuse their embeddings. */
    static final List<String> SAVED = List.of("png", "jpeg85", "jpeg70", "downscale2", "blur1");
    /** Per variant, the photo as the tracker gets it; made once, shared by every tracker. */
    final Map<String, Map<Path, BufferedImage>> saved = new LinkedHashMap<>();
    final Map<Path, BufferedImage> png = new LinkedHashMap<>();
    final Map<String, String> targets = new LinkedHashMap<>();
    /** Per photo, the change's dE p95: what the noise control matches. */
    final Map<Path, Double> deltaEP95 = new LinkedHashMap<>();
    final List<double[]> pngQuality = new ArrayList<>();
    final List<double[]> jpegQuality = new ArrayList<>();
    final Map<String, List<Visibility>> seen = new LinkedHashMap<>();
    Quality quality;

    Changed() {
      SAVED.forEach(v -> saved.put(v, new LinkedHashMap<>()));
      saved.put("png", png);
    }

    /** Records one changed photo as saved (PNG, JPEG 85), its degradations, and its cost. */
    void add(String person, Path photo, BufferedImage original, BufferedImage changed) {
      BufferedImage savedPng = Degradation.png(changed);
      BufferedImage savedJpeg = Degradation.jpeg(changed, 85);
      png.put(photo, savedPng);
      saved.get("jpeg85").put(photo, savedJpeg);
      for (String augmentation : AUGMENTATIONS) {
        saved.get(augmentation).put(photo, Degradation.named(augmentation).apply(savedPng));
      }
      pngQuality.add(quality(original, savedPng));
      jpegQuality.add(quality(original, savedJpeg));
      Visibility v = Visibility.measure(original, savedPng, TrackerInput.canonicalBox(original));
      seen.computeIfAbsent(person, p -> new ArrayList<>()).add(v);
      deltaEP95.put(photo, v.deltaEP95());
    }

    void finish(double seconds, int withoutFace) {
      Map<String, VisibilitySummary> perPerson = new LinkedHashMap<>();
      List<Visibility> all = new ArrayList<>();
      seen.forEach((person, list) -> {
        perPerson.put(person, VisibilitySummary.of(list));
        all.addAll(list);
      });
      quality = new Quality(column(pngQuality, 0), column(pngQuality, 1), column(pngQuality, 2), column(jpegQuality, 0),
          column(jpegQuality, 1), column(jpegQuality, 2), VisibilitySummary.of(all), perPerson,
          seconds / Math.max(1, png.size()), png.size(), withoutFace);
    }
  }

  /** Cloaks the protected people's training photos with {@code spec}. */
  private Changed cloak(CloakSpec spec, EvalData data) {
    log("cloak %s: ensemble %s, budget %.4f, %d steps%s", spec.label(), spec.extractors(), spec.config().dssimBudget(),
        spec.config().maxSteps(), spec.upscale() > 1 ? ", photos enlarged " + spec.upscale() + "x" : "");
    Changed out = new Changed();
    int withoutFace = 0;
    double seconds = 0;
    List<LfwSplit.Person> people = spec.people() == 0 ? data.protectedPeople()
        : data.protectedPeople().subList(0, Math.min(spec.people(), data.protectedPeople().size()));
    Path dir = cache == null ? null : cache.resolve("cloaks").resolve(cacheName(spec));
    CloakPipeline cloaker = null;
    try {
      int done = 0;
      for (LfwSplit.Person person : people) {
        List<BufferedImage> originals = person.gallery().stream()
            .map(p -> Degradation.upscale(Photos.readImage(p), spec.upscale())).toList();
        Path personDir = dir == null ? null : dir.resolve(person.name());
        Properties meta = new Properties();
        List<BufferedImage> cloaked = new ArrayList<>();
        if (personDir != null && Files.isRegularFile(personDir.resolve("meta.properties"))) {
          try (var in = Files.newInputStream(personDir.resolve("meta.properties"))) {
            meta.load(in);
          }
          person.gallery().forEach(p -> cloaked.add(Photos.readImage(personDir.resolve(p.getFileName() + ".png"))));
        } else {
          if (cloaker == null) {
            cloaker = CloakPipeline.create(spec.config(), spec.tuning(), null);
          }
          long t = System.nanoTime();
          List<CloakResult> results = cloaker.cloak(originals, null, progress -> { });
          meta.setProperty("seconds", String.valueOf((System.nanoTime() - t) / 1e9));
          meta.setProperty("withoutFace", String.valueOf(results.stream().filter(r -> r.faces().isEmpty()).count()));
          meta.setProperty("target", results.get(0).target() == null ? "untargeted" : results.get(0).target().toString());
          results.forEach(r -> cloaked.add(r.image()));
          if (personDir != null) {
            Files.createDirectories(personDir);
            for (int i = 0; i < cloaked.size(); i++) {
              ImageIO.write(cloaked.get(i), "png", personDir.resolve(person.gallery().get(i).getFileName() + ".png").toFile());
            }
            // Written last: a person's entry counts only once all its photos are on disk.
            try (var o = Files.newOutputStream(personDir.resolve("meta.properties"))) {
              meta.store(o, spec.describe().toString());
            }
          }
        }
        double s = Double.parseDouble(meta.getProperty("seconds"));
        seconds += s;
        withoutFace += Integer.parseInt(meta.getProperty("withoutFace"));
        for (int i = 0; i < cloaked.size(); i++) {
          out.add(person.name(), person.gallery().get(i), originals.get(i), cloaked.get(i));
        }
        out.targets.put(person.name(), meta.getProperty("target"));
        done++;
        log("  cloaked %d/%d %s: %d photos in %.0f s%s, dE p95 %.2f (%s)", done, people.size(), person.name(),
            cloaked.size(), s, cloaker == null ? " (from the cache)" : "",
            VisibilitySummary.of(out.seen.get(person.name())).deltaEP95(), out.targets.get(person.name()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the cloak cache in " + dir, e);
    } finally {
      if (cloaker != null) {
        cloaker.close();
      }
    }
    out.finish(seconds, withoutFace);
    return out;
  }

  /**
   * A control: the protected people's training photos unchanged ({@code matched} empty), or with
   * noise whose dE p95 matches each photo's value in {@code matched}.
   */
  private Changed control(EvalData data, String label, Map<Path, Double> matched) {
    log("control %s", label);
    Changed out = new Changed();
    long t = System.nanoTime();
    for (LfwSplit.Person person : data.protectedPeople()) {
      if (!matched.isEmpty() && !matched.containsKey(person.gallery().get(0))) {
        continue; // a cloak of some people only: its control changes the same people
      }
      for (Path photo : person.gallery()) {
        BufferedImage original = Photos.readImage(photo);
        BufferedImage changed = matched.isEmpty() ? original : NoiseControl.matched(original,
            TrackerInput.canonicalBox(original), matched.get(photo),
            options.seed() * 1_000_003L + photo.getFileName().toString().hashCode());
        out.add(person.name(), photo, original, changed);
      }
      out.targets.put(person.name(), "none");
    }
    out.finish((System.nanoTime() - t) / 1e9, 0);
    return out;
  }

  /** DSSIM, SSIM and PSNR of the face region (LFW's canonical box) of {@code changed}, cut out. */
  private static double[] quality(BufferedImage original, BufferedImage changed) {
    BufferedImage a = TrackerInput.canonicalCrop(original);
    BufferedImage b = TrackerInput.canonicalCrop(changed);
    return new double[] {ImageQuality.dssim(a, b), ImageQuality.ssim(a, b), ImageQuality.psnr(a, b)};
  }

  /**
   * The reference points of the visibility scale: the protected people's training photos re-encoded
   * as JPEG of quality 70 and 50, measured as a cloak is.
   */
  private static Map<String, VisibilitySummary> references(EvalData data) {
    Map<String, VisibilitySummary> out = new LinkedHashMap<>();
    for (int q : new int[] {70, 50}) {
      List<Visibility> measured = new ArrayList<>();
      for (LfwSplit.Person person : data.protectedPeople()) {
        for (Path photo : person.gallery()) {
          BufferedImage original = Photos.readImage(photo);
          measured.add(Visibility.measure(original, Degradation.jpeg(original, q), TrackerInput.canonicalBox(original)));
        }
      }
      out.put("JPEG q" + q, VisibilitySummary.of(measured));
    }
    return out;
  }

  /**
   * Per head and person of {@code people}, the fraction of the person's clean test photos the
   * tracker does not identify as them, when it learns each user and extra class from
   * {@code training} (every person's training embeddings: the protected people's changed, the
   * others' clean).
   */
  private Map<Head, Map<String, Double>> protection(EvalData data, Known k, List<LfwSplit.Person> people,
      Function<LfwSplit.Person, List<float[]>> training) {
    return protection(data, k, people, training, UnaryOperator.identity());
  }

  /**
   * As {@link #protection(EvalData, Known, List, Function)}, for a tracker that passes every
   * embedding, the test photos' too, through {@code view} (the cloak-aware tracker's map).
   */
  private Map<Head, Map<String, Double>> protection(EvalData data, Known k, List<LfwSplit.Person> people,
      Function<LfwSplit.Person, List<float[]>> training, UnaryOperator<float[]> view) {
    Map<String, List<float[]>> byLabel = new LinkedHashMap<>();
    for (LfwSplit.Person user : data.users()) {
      byLabel.put(user.name(), training.apply(user));
    }
    for (LfwSplit.Person extra : data.extras()) {
      byLabel.put(extra.name(), training.apply(extra));
    }
    TrainingSet set = TrainingSet.of(byLabel);
    Map<Head, Classifier> heads = new EnumMap<>(Head.class);
    NearestCentroid centroid = NearestCentroid.fit(byLabel);
    heads.put(Head.CENTROID, centroid::predict);
    heads.put(Head.KNN, new KNearestNeighbours(set));
    heads.put(Head.LOGISTIC, SoftmaxRegression.fit(set, k.publicFit, Math.max(1, options.logisticEpochs() / 2),
        options.seed() + 1));
    Map<Head, Map<String, Double>> out = new EnumMap<>(Head.class);
    for (Map.Entry<Head, Classifier> head : heads.entrySet()) {
      Map<String, Double> rates = new LinkedHashMap<>();
      for (LfwSplit.Person person : people) {
        long missed = person.queries().stream()
            .filter(q -> !head.getValue().predict(view.apply(k.clean.get(q))).equals(person.name())).count();
        rates.put(person.name(), (double) missed / person.queries().size());
      }
      out.put(head.getKey(), rates);
    }
    return out;
  }

  /** The tracker's training set without the protected people: what it knows before they post. */
  private static TrainingSet publicSet(EvalData data, Map<Path, float[]> clean) {
    Map<String, List<float[]>> byLabel = new LinkedHashMap<>();
    for (LfwSplit.Person user : data.users()) {
      if (!data.isProtected(user)) {
        byLabel.put(user.name(), embeddingsOf(user.gallery(), clean));
      }
    }
    for (LfwSplit.Person extra : data.extras()) {
      byLabel.put(extra.name(), embeddingsOf(extra.gallery(), clean));
    }
    return TrainingSet.of(byLabel);
  }

  /**
   * A partial leak: a seeded {@code share} of a protected person's training photos stays clean;
   * everyone else's photos are clean.
   */
  private List<float[]> leaked(LfwSplit.Person person, double share, Map<Path, float[]> clean,
      Map<Path, float[]> changed) {
    if (!changed.containsKey(person.gallery().get(0))) {
      return embeddingsOf(person.gallery(), clean);
    }
    List<Path> photos = new ArrayList<>(person.gallery());
    Collections.shuffle(photos, new Random(options.seed() * 31 + person.name().hashCode()));
    int leaks = (int) Math.round(share * photos.size());
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      out.add(i < leaks ? clean.get(photos.get(i)) : changed.get(photos.get(i)));
    }
    return out;
  }

  /** A person's training embeddings: {@code changed} where it has their photos (a protected person), else {@code unchanged}. */
  private static List<float[]> trainingOf(LfwSplit.Person person, Map<Path, float[]> changed,
      Map<Path, float[]> unchanged) {
    return embeddingsOf(person.gallery(), changed.containsKey(person.gallery().get(0)) ? changed : unchanged);
  }

  /** Embeddings of {@code photos}, in order. */
  private static List<float[]> embeddingsOf(List<Path> photos, Map<Path, float[]> embeddings) {
    return photos.stream().map(embeddings::get).toList();
  }

  private static Set<String> families(CloakSpec spec) {
    Set<String> out = new HashSet<>();
    for (ExtractorSpec model : ModelZoo.recognizers()) {
      if (spec.extractors().contains(model.name())) {
        out.add(model.family());
      }
    }
    return out;
  }

  /** The mean of one column over the photos; an unchanged photo's infinite PSNR is left out. */
  private static double column(List<double[]> rows, int c) {
    return rows.stream().mapToDouble(r -> r[c]).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  private static double mean(Collection<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static String format(Map<Head, Double> values) {
    if (values == null) {
      return "-";
    }
    StringBuilder s = new StringBuilder();
    values.forEach((h, v) -> s.append(s.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", v)));
    return s.toString();
  }

  private double elapsed() {
    return (System.nanoTime() - started) / 1e9;
  }

  private void log(String format, Object... args) {
    progress.printf(Locale.ROOT, "[%5.0f s] " + format + "%n", concat(elapsed(), args));
    progress.flush();
  }

  private static Object[] concat(Object first, Object[] rest) {
    Object[] out = new Object[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
