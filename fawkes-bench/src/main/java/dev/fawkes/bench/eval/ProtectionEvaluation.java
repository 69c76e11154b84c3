package dev.fawkes.bench.eval;

import dev.fawkes.CloakResult;
import dev.fawkes.bench.LfwSplit;
import dev.fawkes.bench.NearestCentroid;
import dev.fawkes.bench.RecognitionAccuracy;
import dev.fawkes.bench.eval.EvalReport.Baseline;
import dev.fawkes.bench.eval.EvalReport.CloakOutcome;
import dev.fawkes.bench.eval.EvalReport.Quality;
import dev.fawkes.bench.eval.EvalReport.VisibilitySummary;
import dev.fawkes.bench.eval.EvalReport.Role;
import dev.fawkes.bench.eval.EvalReport.TrackerOutcome;
import dev.fawkes.photo.Photos;
import dev.fawkes.quality.ImageQuality;
import dev.fawkes.quality.Visibility;
import dev.fawkes.tf.cloak.internal.CloakPipeline;
import dev.fawkes.tf.model.Embeddings;
import dev.fawkes.tf.model.ExtractorSpec;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ModelZoo;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The protection evaluation of the Fawkes paper, on LFW: the entry point of this package.
 *
 * <ol>
 *   <li>Draw the protected people (seeded, each with at least 20 photos). Every user's first 60% of
 *       photos by name are training photos, the rest test photos.
 *   <li>Cloak each protected person's training photos with the full pipeline (detect, align,
 *       cloak, put back) and save them as PNG and as JPEG 85; from the PNG also derive JPEG 70, a
 *       2x downscale, a Gaussian blur (sigma 1) and partial leaks (20% and 50% left clean).
 *   <li>For each tracker (recogniser with its own alignment) and head, learn every user and the
 *       extra classes from the training photos (the protected people's cloaked), and identify the
 *       protected people's clean test photos.
 * </ol>
 *
 * <p>Not thread-safe; one run at a time per instance. Progress goes to the given stream.
 */
public final class ProtectionEvaluation {
  private final EvalOptions options;
  private final PrintStream progress;
  private final long started = System.nanoTime();

  private ProtectionEvaluation(EvalOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs the evaluation; progress lines go to {@code progress}. */
  public static EvalReport run(EvalOptions options, PrintStream progress) {
    return new ProtectionEvaluation(options, progress).run();
  }

  private EvalReport run() {
    EvalData data = EvalData.load(options.data(), options.people(), options.seed(), options.extraClasses());
    log("protected people (%d): %s", data.protectedPeople().size(),
        data.protectedPeople().stream().map(LfwSplit.Person::name).toList());
    List<Path> files = new ArrayList<>();
    data.users().forEach(p -> files.addAll(p.gallery()));
    data.extras().forEach(p -> files.addAll(p.gallery()));
    data.protectedPeople().forEach(p -> files.addAll(p.queries()));
    List<Tracker> trackers = new ArrayList<>();
    try {
      Map<String, Map<Path, float[]>> clean = new LinkedHashMap<>();
      Map<String, SoftmaxRegression> publicFits = new LinkedHashMap<>();
      List<Baseline> baselines = new ArrayList<>();
      for (String name : options.trackers()) {
        Tracker tracker = new Tracker(FeatureExtractor.create(RecognitionAccuracy.load(name)));
        trackers.add(tracker);
        long t = System.nanoTime();
        clean.put(name, tracker.embedFiles(files));
        publicFits.put(name, SoftmaxRegression.fit(publicSet(data, clean.get(name)), null, options.logisticEpochs(),
            options.seed()));
        Map<Head, Map<String, Double>> protection = protection(data, clean.get(name), publicFits.get(name),
            person -> embeddingsOf(person.gallery(), clean.get(name)));
        Map<Head, Double> accuracy = new EnumMap<>(Head.class);
        protection.forEach((head, people) -> accuracy.put(head, 1 - mean(people.values())));
        baselines.add(new Baseline(name, tracker.family(), accuracy));
        log("tracker %s: %d photos embedded, clean accuracy %s (%.0f s)", name, files.size(), format(accuracy),
            (System.nanoTime() - t) / 1e9);
      }
      List<CloakOutcome> outcomes = new ArrayList<>();
      for (CloakSpec spec : options.cloaks()) {
        CloakSpec seeded = spec.withSeed(options.seed());
        outcomes.add(evaluate(seeded, null, data, trackers, clean, publicFits));
        if (options.leaveOneOut() && seeded.extractors().size() > 1) {
          for (String member : seeded.extractors()) {
            if (options.trackers().contains(member)) {
              outcomes.add(evaluate(seeded.without(member), member, data, trackers, clean, publicFits));
            }
          }
        }
      }
      Map<String, Object> protocol = new LinkedHashMap<>();
      protocol.put("data", options.data().toString());
      protocol.put("quick", options.quick());
      protocol.put("seed", options.seed());
      protocol.put("protectedPeople", data.protectedPeople().stream().map(LfwSplit.Person::name).toList());
      protocol.put("trainingFraction", EvalOptions.TRAINING_FRACTION);
      protocol.put("trainingPhotosCloaked", data.protectedPeople().stream().mapToInt(p -> p.gallery().size()).sum());
      protocol.put("testPhotos", data.protectedPeople().stream().mapToInt(p -> p.queries().size()).sum());
      protocol.put("classes", data.users().size() + data.extras().size());
      protocol.put("extraClasses", data.extras().size());
      protocol.put("trackerTrainingPhotos", files.size() - (int) protocol.get("testPhotos"));
      protocol.put("trackers", options.trackers());
      protocol.put("heads", List.of(Head.values()).stream().map(Head::label).toList());
      protocol.put("knnK", KNearestNeighbours.K);
      protocol.put("logisticEpochs", options.logisticEpochs());
      protocol.put("leaveOneOut", options.leaveOneOut());
      return new EvalReport(protocol, baselines, outcomes, references(data), elapsed());
    } finally {
      trackers.forEach(Tracker::close);
    }
  }

  /** Cloaks the protected people's training photos with {@code spec} and measures every tracker. */
  private CloakOutcome evaluate(CloakSpec spec, String heldOut, EvalData data, List<Tracker> trackers,
      Map<String, Map<Path, float[]>> clean, Map<String, SoftmaxRegression> publicFits) {
    log("cloak %s: ensemble %s, budget %.4f, %d steps", spec.label(), spec.extractors(), spec.config().dssimBudget(),
        spec.config().maxSteps());
    Cloaked cloaked = cloak(spec, data);
    List<TrackerOutcome> outcomes = new ArrayList<>();
    for (Tracker tracker : trackers) {
      if (heldOut != null && spec.extractors().contains(tracker.name())) {
        continue;
      }
      Role role = spec.extractors().contains(tracker.name()) ? Role.WHITE_BOX
          : families(spec).contains(tracker.family()) ? Role.SAME_FAMILY : Role.BLACK_BOX;
      Map<String, Map<Path, float[]>> variants = new LinkedHashMap<>();
      for (String variant : Cloaked.SAVED) {
        List<Path> paths = new ArrayList<>(cloaked.png.keySet());
        List<BufferedImage> images = paths.stream().map(p -> cloaked.saved.get(variant).get(p)).toList();
        List<float[]> e = tracker.embed(images);
        Map<Path, float[]> byPath = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
          byPath.put(paths.get(i), e.get(i));
        }
        variants.put(variant, byPath);
      }
      Map<Path, float[]> cleanE = clean.get(tracker.name());
      double cosine = mean(cloaked.png.keySet().stream()
          .map(p -> Embeddings.cosine(cleanE.get(p), variants.get("png").get(p))).toList());
      // The heads train on the CPU while TensorFlow idles: one variant per core.
      Map<String, Map<Head, Map<String, Double>>> fitted = new ConcurrentHashMap<>();
      EvalReport.VARIANTS.parallelStream().forEach(variant -> {
        Function<LfwSplit.Person, List<float[]>> training = switch (variant) {
          case "leak20" -> person -> leaked(person, 0.2, cleanE, variants.get("png"));
          case "leak50" -> person -> leaked(person, 0.5, cleanE, variants.get("png"));
          default -> person -> embeddingsOf(person.gallery(), variants.get(variant));
        };
        fitted.put(variant, protection(data, cleanE, publicFits.get(tracker.name()), training));
      });
      Map<String, Map<Head, Map<String, Double>>> perPerson = new LinkedHashMap<>();
      EvalReport.VARIANTS.forEach(v -> perPerson.put(v, fitted.get(v)));
      Map<String, Map<Head, Double>> means = new LinkedHashMap<>();
      perPerson.forEach((variant, heads) -> {
        Map<Head, Double> m = new EnumMap<>(Head.class);
        heads.forEach((head, people) -> m.put(head, mean(people.values())));
        means.put(variant, m);
      });
      TrackerOutcome outcome = new TrackerOutcome(tracker.name(), role, cosine, means, perPerson);
      outcomes.add(outcome);
      log("  %s (%s): cosine %.3f, protection png %s, jpeg85 %s", tracker.name(), role.label(), cosine,
          format(means.get("png")), format(means.get("jpeg85")));
    }
    return new CloakOutcome(spec, heldOut, cloaked.quality, cloaked.targets, outcomes);
  }

  /** The protected people's training photos, cloaked and saved, and what that cost. */
  private static final class Cloaked {
    /** The variants that are images; the leaks mix the PNG's and the clean embeddings. */
    static final List<String> SAVED = List.of("png", "jpeg85", "jpeg70", "downscale2", "blur1");
    /** Per variant, the photo as the tracker gets it; made once, shared by every tracker. */
    final Map<String, Map<Path, BufferedImage>> saved = new LinkedHashMap<>();
    final Map<Path, BufferedImage> png = new LinkedHashMap<>();
    final Map<String, String> targets = new LinkedHashMap<>();
    Quality quality;

    Cloaked() {
      SAVED.forEach(v -> saved.put(v, new LinkedHashMap<>()));
      saved.put("png", png);
    }

    /** Records one cloaked photo as saved (PNG, JPEG 85) and its degradations of the PNG. */
    void add(Path photo, BufferedImage savedPng, BufferedImage savedJpeg) {
      png.put(photo, savedPng);
      saved.get("jpeg85").put(photo, savedJpeg);
      saved.get("jpeg70").put(photo, Degradation.jpeg(savedPng, 70));
      saved.get("downscale2").put(photo, Degradation.downscale2(savedPng));
      saved.get("blur1").put(photo, Degradation.blur(savedPng, 1.0));
    }
  }

  private Cloaked cloak(CloakSpec spec, EvalData data) {
    Cloaked out = new Cloaked();
    List<double[]> png = new ArrayList<>();
    List<double[]> jpeg = new ArrayList<>();
    List<Visibility> seen = new ArrayList<>();
    int photos = 0;
    int withoutFace = 0;
    double seconds = 0;
    try (CloakPipeline cloaker = CloakPipeline.create(spec.config(), spec.tuning(), null)) {
      int done = 0;
      for (LfwSplit.Person person : data.protectedPeople()) {
        List<BufferedImage> originals = person.gallery().stream().map(Photos::readImage).toList();
        long t = System.nanoTime();
        List<CloakResult> results = cloaker.cloak(originals, null, () -> { });
        double s = (System.nanoTime() - t) / 1e9;
        seconds += s;
        for (int i = 0; i < results.size(); i++) {
          CloakResult r = results.get(i);
          BufferedImage savedPng = Degradation.png(r.image());
          BufferedImage savedJpeg = Degradation.jpeg(r.image(), 85);
          out.add(person.gallery().get(i), savedPng, savedJpeg);
          png.add(quality(originals.get(i), savedPng));
          seen.add(visibility(originals.get(i), savedPng));
          jpeg.add(quality(originals.get(i), savedJpeg));
          withoutFace += r.faces().isEmpty() ? 1 : 0;
        }
        photos += results.size();
        out.targets.put(person.name(), results.get(0).target() == null ? "untargeted" : results.get(0).target().toString());
        done++;
        log("  cloaked %d/%d %s: %d photos in %.0f s, mean DSSIM %.4f (%s)", done, data.protectedPeople().size(),
            person.name(), results.size(), s, png.subList(png.size() - results.size(), png.size()).stream()
                .mapToDouble(q -> q[0]).average().orElse(0), out.targets.get(person.name()));
      }
    }
    out.quality = new Quality(column(png, 0), column(png, 1), column(png, 2), column(jpeg, 0), column(jpeg, 1),
        column(jpeg, 2), VisibilitySummary.of(seen), seconds / photos, photos, withoutFace);
    return out;
  }

  /** DSSIM, SSIM and PSNR of the face region (LFW's canonical box) of {@code changed}, cut out. */
  private static double[] quality(BufferedImage original, BufferedImage changed) {
    BufferedImage a = Tracker.canonicalCrop(original);
    BufferedImage b = Tracker.canonicalCrop(changed);
    return new double[] {ImageQuality.dssim(a, b), ImageQuality.ssim(a, b), ImageQuality.psnr(a, b)};
  }

  /** How visible {@code changed} is on the face's canonical box of the photo. */
  private static Visibility visibility(BufferedImage original, BufferedImage changed) {
    return Visibility.measure(original, changed, Tracker.canonicalBox(original));
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
          measured.add(visibility(original, Degradation.jpeg(original, q)));
        }
      }
      out.put("JPEG q" + q, VisibilitySummary.of(measured));
    }
    return out;
  }

  /**
   * Per head and protected person, the fraction of the person's clean test photos the tracker does
   * not identify as them, when it learns the protected people from {@code protectedTraining}.
   */
  private Map<Head, Map<String, Double>> protection(EvalData data, Map<Path, float[]> clean,
      SoftmaxRegression publicFit, Function<LfwSplit.Person, List<float[]>> protectedTraining) {
    Map<String, List<float[]>> byLabel = new LinkedHashMap<>();
    for (LfwSplit.Person user : data.users()) {
      byLabel.put(user.name(), data.isProtected(user) ? protectedTraining.apply(user) : embeddingsOf(user.gallery(), clean));
    }
    for (LfwSplit.Person extra : data.extras()) {
      byLabel.put(extra.name(), embeddingsOf(extra.gallery(), clean));
    }
    TrainingSet set = TrainingSet.of(byLabel);
    Map<Head, Classifier> heads = new EnumMap<>(Head.class);
    NearestCentroid centroid = NearestCentroid.fit(byLabel);
    heads.put(Head.CENTROID, centroid::predict);
    heads.put(Head.KNN, new KNearestNeighbours(set));
    heads.put(Head.LOGISTIC, SoftmaxRegression.fit(set, publicFit, Math.max(1, options.logisticEpochs() / 2),
        options.seed() + 1));
    Map<Head, Map<String, Double>> out = new EnumMap<>(Head.class);
    for (Map.Entry<Head, Classifier> head : heads.entrySet()) {
      Map<String, Double> people = new LinkedHashMap<>();
      for (LfwSplit.Person person : data.protectedPeople()) {
        long missed = person.queries().stream()
            .filter(q -> !head.getValue().predict(clean.get(q)).equals(person.name())).count();
        people.put(person.name(), (double) missed / person.queries().size());
      }
      out.put(head.getKey(), people);
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

  /** A partial leak: a seeded {@code share} of the person's training photos stays clean. */
  private List<float[]> leaked(LfwSplit.Person person, double share, Map<Path, float[]> clean, Map<Path, float[]> cloaked) {
    List<Path> photos = new ArrayList<>(person.gallery());
    Collections.shuffle(photos, new Random(options.seed() * 31 + person.name().hashCode()));
    int leaks = (int) Math.round(share * photos.size());
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      out.add(i < leaks ? clean.get(photos.get(i)) : cloaked.get(photos.get(i)));
    }
    return out;
  }

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
