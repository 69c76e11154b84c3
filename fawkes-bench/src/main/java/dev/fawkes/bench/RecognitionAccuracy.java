package dev.fawkes.bench;

import dev.fawkes.tf.testing.SharedDataFolder;
import dev.fawkes.tf.model.FaceModel;
import dev.fawkes.tf.model.FeatureExtractor;
import dev.fawkes.tf.model.ImageBatch;
import dev.fawkes.tf.model.LfwBox;
import dev.fawkes.tf.model.ModelZoo;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures each recogniser as a face identifier: nearest-centroid identification on a per-person
 * gallery/query split (60/40 by file name) of {@code lfw/users}, on fixed face crops. The lab's
 * {@code accuracy} command prints it as a Markdown table.
 */
@Command(name = "accuracy", mixinStandardHelpOptions = true,
    description = "Measures each recogniser's nearest-centroid identification accuracy on the 60/40 split of "
        + "lfw/users, on fixed face crops, and prints a Markdown table.",
    footer = {"", "Examples:", "  fawkes-lab accuracy", "  fawkes-lab accuracy --models faceres,fr_feature --crop '40,35,170;45,40,160'"})
public final class RecognitionAccuracy implements Callable<Integer> {
  private static final int BATCH = 32;

  /**
   * LFW's canonical face crop, region x 35..215, y 30..210 of the 250x250 deep-funneled frame; each
   * model cuts its own framing out of it in its graph (see {@code Framing}).
   */
  public static final FaceCrop CANONICAL = new FaceCrop(LfwBox.X, LfwBox.Y, LfwBox.SIZE);

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder of <Person>/*.jpg (default: lfw/users of the shared data, ${DEFAULT-VALUE}).")
  private Path data = defaultData();

  @Option(names = "--models", split = ",", description = "Recognisers to measure (default: every bundled one and the evaluation-only trackers).")
  private List<String> models;

  @Option(names = "--crop", split = ";", paramLabel = "x,y,size", converter = CropConverter.class,
      description = "Face crops to measure, separated by ';' (default: LFW's canonical box, " + LfwBox.X + ","
          + LfwBox.Y + "," + LfwBox.SIZE + ").")
  private List<FaceCrop> crops;

  RecognitionAccuracy() {}

  /** The result for one model. */
  public record Result(String model, FaceCrop crop, int people, int queries, int correct, double seconds) {
    /** Correct identifications over queries. */
    public double accuracy() {
      return (double) correct / queries;
    }
  }

  /** Identification accuracy of {@code extractor} on {@code split}, on a fixed crop. */
  public static Result measure(FeatureExtractor extractor, LfwSplit split, FaceCrop crop) {
    return measure(extractor, split, crop, crop::read);
  }

  /**
   * Identification accuracy of {@code extractor} on {@code split}, each photo as {@code input}
   * gives it to the model (the tracker's own alignment).
   */
  public static Result measure(FeatureExtractor extractor, LfwSplit split, TrackerInput input) {
    return measure(extractor, split, null, file -> input.view(dev.fawkes.photo.Photos.readImage(file)));
  }

  private static Result measure(FeatureExtractor extractor, LfwSplit split, FaceCrop crop,
      Function<Path, BufferedImage> view) {
    long start = System.nanoTime();
    Map<String, List<float[]>> gallery = new LinkedHashMap<>();
    for (LfwSplit.Person person : split.people()) {
      gallery.put(person.name(), embed(extractor, person.gallery(), view));
    }
    NearestCentroid classifier = NearestCentroid.fit(gallery);
    int correct = 0;
    int queries = 0;
    for (LfwSplit.Person person : split.people()) {
      for (float[] query : embed(extractor, person.queries(), view)) {
        queries++;
        if (classifier.predict(query).equals(person.name())) {
          correct++;
        }
      }
    }
    return new Result(extractor.spec().name(), crop, split.people().size(), queries, correct,
        (System.nanoTime() - start) / 1e9);
  }

  static List<float[]> embed(FeatureExtractor extractor, List<Path> files, Function<Path, BufferedImage> view) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i += BATCH) {
      List<BufferedImage> crops = files.subList(i, Math.min(files.size(), i + BATCH)).stream().map(view).toList();
      out.addAll(List.of(extractor.embed(ImageBatch.of(crops))));
    }
    return out;
  }

  /** A bundled recogniser by name, or an evaluation-only tracker ({@link Trackers#names()}). */
  public static FaceModel load(String model) {
    return Trackers.names().contains(model) ? Trackers.load(model) : ModelZoo.load(model);
  }

  /** {@code lfw/users} of the shared data. */
  static Path defaultData() {
    return SharedDataFolder.locate().resolve("lfw").resolve("users");
  }

  /** Prints a Markdown table of the accuracy of each model. */
  @Override
  public Integer call() {
    List<String> names = models;
    if (names == null) {
      names = new ArrayList<>(ModelZoo.recognizers().stream().map(s -> s.name()).toList());
      names.addAll(Trackers.names());
    }
    LfwSplit split = LfwSplit.load(data, 0.6);
    PrintWriter out = spec.commandLine().getOut();
    out.println("| model | crop (x,y,size) | people | queries | accuracy | seconds |");
    out.println("|---|---|---|---|---|---|");
    for (String model : names) {
      try (FeatureExtractor extractor = FeatureExtractor.create(load(model)); TrackerInput input = TrackerInput.of(model)) {
        List<FaceCrop> boxes = input.template().isPresent() ? java.util.Collections.singletonList(null)
            : crops != null ? crops : List.of(CANONICAL);
        for (FaceCrop crop : boxes) {
          Result r = crop == null ? measure(extractor, split, input) : measure(extractor, split, crop);
          out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.4f | %.1f |%n", r.model(), r.crop() == null ? "own five-point alignment" : r.crop(), r.people(),
              r.queries(), r.accuracy(), r.seconds());
          out.flush();
        }
      }
    }
    return 0;
  }

  /** Parses {@code x,y,size} for picocli. */
  static final class CropConverter implements CommandLine.ITypeConverter<FaceCrop> {
    @Override
    public FaceCrop convert(String value) {
      return FaceCrop.parse(value);
    }
  }
}
