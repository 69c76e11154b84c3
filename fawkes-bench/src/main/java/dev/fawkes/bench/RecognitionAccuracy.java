package dev.fawkes.bench;

import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ImageBatch;
import dev.fawkes.tf.model.ModelZoo;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures each recogniser as a face identifier: nearest-centroid identification on a per-person
 * gallery/query split (60/40 by file name) of {@code lfw/users}, on fixed face crops.
 *
 * <pre>
 * java dev.fawkes.bench.RecognitionAccuracy [--data DIR] [--models a,b] [--crop x,y,size[;x,y,size...]]
 * </pre>
 */
public final class RecognitionAccuracy {
  private static final int BATCH = 32;

  /**
   * LFW's canonical face crop, region x 35..215, y 30..210 of the 250x250 deep-funneled frame; each
   * model cuts its own framing out of it in its graph (see {@code Framing}).
   */
  public static final FaceCrop CANONICAL = new FaceCrop(35, 30, 180);

  /** The result for one model. */
  public record Result(String model, FaceCrop crop, int people, int queries, int correct, double seconds) {
    /** Correct identifications over queries. */
    public double accuracy() {
      return (double) correct / queries;
    }
  }

  /** Identification accuracy of {@code extractor} on {@code split}. */
  public static Result measure(FeatureExtractor extractor, LfwSplit split, FaceCrop crop) {
    long start = System.nanoTime();
    Map<String, List<float[]>> gallery = new LinkedHashMap<>();
    for (LfwSplit.Person person : split.people()) {
      gallery.put(person.name(), embed(extractor, person.gallery(), crop));
    }
    NearestCentroid classifier = NearestCentroid.fit(gallery);
    int correct = 0;
    int queries = 0;
    for (LfwSplit.Person person : split.people()) {
      for (float[] query : embed(extractor, person.queries(), crop)) {
        queries++;
        if (classifier.predict(query).equals(person.name())) {
          correct++;
        }
      }
    }
    return new Result(extractor.spec().name(), crop, split.people().size(), queries, correct,
        (System.nanoTime() - start) / 1e9);
  }

  static List<float[]> embed(FeatureExtractor extractor, List<Path> files, FaceCrop crop) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i += BATCH) {
      List<BufferedImage> crops = files.subList(i, Math.min(files.size(), i + BATCH)).stream().map(crop::read).toList();
      out.addAll(List.of(extractor.embed(ImageBatch.of(crops))));
    }
    return out;
  }

  /** A bundled recogniser by name, or an evaluation-only tracker ({@code fr_feature}). */
  public static FaceModel load(String model) {
    return model.equals(Trackers.FR_FEATURE.name()) ? Trackers.frFeature() : ModelZoo.load(model);
  }

  /** {@code lfw/users} of the shared data beside the project root, from the root or a module. */
  static Path defaultData() {
    return SharedDataRoot.locate().resolve("lfw").resolve("users");
  }

  /** Prints a Markdown table of the accuracy of each model. */
  public static void main(String[] args) {
    Path data = defaultData();
    List<String> models = new ArrayList<>(ModelZoo.recognizers().stream().map(s -> s.name()).toList());
    models.add(Trackers.FR_FEATURE.name());
    List<FaceCrop> crops = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Paths.get(args[++i]);
        case "--models" -> models = List.of(args[++i].split(","));
        case "--crop" -> crops = java.util.Arrays.stream(args[++i].split(";")).map(FaceCrop::parse).toList();
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: [--data DIR] [--models a,b] [--crop x,y,size[;x,y,size...]]");
      }
    }
    LfwSplit split = LfwSplit.load(data, 0.6);
    System.out.println("| model | crop (x,y,size) | people | queries | accuracy | seconds |");
    System.out.println("|---|---|---|---|---|---|");
    for (String model : models) {
      try (FeatureExtractor extractor = FeatureExtractor.create(load(model))) {
        for (FaceCrop crop : crops != null ? crops : List.of(CANONICAL)) {
          Result r = measure(extractor, split, crop);
          System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.4f | %.1f |%n", r.model(), r.crop(), r.people(),
              r.queries(), r.accuracy(), r.seconds());
        }
      }
    }
  }
}
